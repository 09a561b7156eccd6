package dev.cmbench.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bootstrap of the ratio of two means that respects JMH's structure: resample forks (JVMs) with
 * replacement, then iterations within each chosen fork. JMH's own score ± error pools every
 * iteration of every fork as one sample, which hides fork-to-fork variance (JIT decisions, heap
 * and code layout differ per JVM); resampling forks first keeps it in the interval.
 *
 * <p>The random source is seeded, so the same two files always give the same verdict.
 */
final class ForkBootstrap {

    /**
     * @param ratio       observed mean(current) / mean(baseline)
     * @param ratios      the bootstrap distribution of that ratio, sorted
     */
    record Distribution(double ratio, double[] ratios) {

        /** Two-sided p-value of "no change" (ratio = 1), from the bootstrap distribution. */
        double pValue() {
            int below = 0;
            int above = 0;
            for (double r : ratios) {
                if (r <= 1) {
                    below++;
                }
                if (r >= 1) {
                    above++;
                }
            }
            return Math.min(1, 2.0 * (Math.min(below, above) + 1) / (ratios.length + 1));
        }

        /** The central {@code 1 - alpha} percentile interval of the ratio. */
        double[] interval(double alpha) {
            return new double[] {quantile(alpha / 2), quantile(1 - alpha / 2)};
        }

        private double quantile(double q) {
            int index = (int) Math.floor(q * (ratios.length - 1));
            return ratios[Math.max(0, Math.min(ratios.length - 1, index))];
        }
    }

    private ForkBootstrap() {
    }

    /** Bootstraps mean(current) / mean(baseline); each list holds one array of iteration scores per fork. */
    static Distribution ratioOfMeans(List<double[]> baseline, List<double[]> current, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] b = baseline.toArray(double[][]::new);
        double[][] c = current.toArray(double[][]::new);
        double[] ratios = new double[resamples];
        for (int i = 0; i < resamples; i++) {
            ratios[i] = resampledMean(c, random) / resampledMean(b, random);
        }
        Arrays.sort(ratios);
        return new Distribution(mean(c) / mean(b), ratios);
    }

    /** Mean of every iteration, as JMH's score is. */
    static double mean(double[][] forks) {
        double sum = 0;
        int n = 0;
        for (double[] fork : forks) {
            for (double v : fork) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }

    private static double resampledMean(double[][] forks, SplittableRandom random) {
        double sum = 0;
        int n = 0;
        for (int f = 0; f < forks.length; f++) {
            double[] fork = forks[random.nextInt(forks.length)];
            for (int i = 0; i < fork.length; i++) {
                sum += fork[random.nextInt(fork.length)];
                n++;
            }
        }
        return sum / n;
    }

    /**
     * Benjamini–Hochberg adjusted p-values (q-values): a change is significant at false-discovery
     * rate {@code q} when its q-value is at most {@code q}.
     */
    static double[] benjaminiHochberg(double[] pValues) {
        int m = pValues.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pValues[a], pValues[b]));
        double[] q = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, pValues[i] * m / rank);
            q[i] = running;
        }
        return q;
    }
}
