package dev.cmbench.analysis.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Whether two runs of a benchmark differ, with forks as the replicates: Welch's t-test on the
 * logarithm of each fork's mean (its iterations, from rawData).
 *
 * <p>Iterations of one fork share a JVM (its JIT decisions, heap and code layout) and minutes of
 * the machine's life, so they are not independent samples; treating them as such (as JMH's
 * score ± error does) lets a slow JVM or a slow quarter-hour pass for a regression. A fork is a
 * new JVM: the smallest unit that repeats everything. With few forks the test has few degrees of
 * freedom and says so with a wide interval, rather than raising a false alarm. The log scale
 * makes the test one of ratios, and the interval one for the ratio current / baseline.
 *
 * <p>The t inference on a log ratio ({@link #onLogScale}, {@link #tQuantile}) and
 * Benjamini–Hochberg are shared with {@link PairedTest}. Fork values must be in one unit: the
 * caller converts them first.
 */
public final class ForkTest {

    /**
     * A t inference on ln(current / baseline).
     *
     * @param ratio            geometric mean ratio of the fork means, current / baseline
     * @param pValue           two-sided p-value of "no change"
     * @param interval         the {@code 1 - alpha} confidence interval of the ratio, alpha as asked
     * @param logStandardError standard error of ln(ratio); 0 when the runs repeat exactly
     * @param degreesOfFreedom of the t distribution the test used
     */
    record Result(double ratio, double pValue, double[] interval, int baselineForks, int currentForks,
            double logStandardError, double degreesOfFreedom) {

        /** The same inference with another test's p-value (a two-stage test's, {@link TwoStage}). */
        Result withPValue(double p) {
            return new Result(ratio, p, interval, baselineForks, currentForks, logStandardError, degreesOfFreedom);
        }

        /** The {@code 1 - alpha} interval of the ratio, for a level other than the test's. */
        double[] interval(double alpha) {
            double half = logStandardError == 0 ? 0 : tQuantile(1 - alpha / 2, degreesOfFreedom) * logStandardError;
            double log = Math.log(ratio);
            return new double[] {Math.exp(log - half), Math.exp(log + half)};
        }
    }

    private ForkTest() {
    }

    /**
     * Compares the runs; empty when either has fewer than two forks, since a single fork cannot
     * tell a change from JVM-to-JVM variance, or when a fork mean is not positive.
     */
    static Optional<Result> compare(List<double[]> baseline, List<double[]> current, double alpha) {
        double[] b = logForkMeans(baseline);
        double[] c = logForkMeans(current);
        if (b.length < 2 || c.length < 2 || Arrays.stream(b).anyMatch(Double::isNaN)
                || Arrays.stream(c).anyMatch(Double::isNaN)) {
            return Optional.empty();
        }
        double difference = StatUtils.mean(c) - StatUtils.mean(b);
        double vb = StatUtils.variance(b) / b.length; // sample variance (n - 1)
        double vc = StatUtils.variance(c) / c.length;
        double se = Math.sqrt(vb + vc);
        double df = se == 0 ? Double.NaN
                : (vb + vc) * (vb + vc) / (vb * vb / (b.length - 1) + vc * vc / (c.length - 1));
        return Optional.of(onLogScale(difference, se, df, alpha, b.length, c.length));
    }

    /**
     * The t test and interval of a difference of logs with standard error {@code se} on
     * {@code df} degrees of freedom; with {@code se == 0} (both sides repeat exactly) the
     * difference is all there is.
     */
    static Result onLogScale(double difference, double se, double df, double alpha, int baselineForks,
            int currentForks) {
        if (se == 0) {
            double ratio = Math.exp(difference);
            return new Result(ratio, difference == 0 ? 1 : 0, new double[] {ratio, ratio}, baselineForks, currentForks,
                    0, df);
        }
        double p = 2 * new TDistribution(df).cumulativeProbability(-Math.abs(difference / se));
        double half = tQuantile(1 - alpha / 2, df) * se;
        return new Result(Math.exp(difference), p, new double[] {Math.exp(difference - half),
                Math.exp(difference + half)}, baselineForks, currentForks, se, df);
    }

    /** The {@code probability} quantile of Student's t with {@code df} degrees of freedom. */
    static double tQuantile(double probability, double df) {
        return new TDistribution(df).inverseCumulativeProbability(probability);
    }

    /** ln(mean of each fork's iterations), forks without iterations left out. */
    private static double[] logForkMeans(List<double[]> forks) {
        return forks.stream().filter(f -> f.length > 0).mapToDouble(ForkTest::logMean).toArray();
    }

    /** ln(mean of one fork's iterations); NaN for a fork whose mean is not positive or that has none. */
    static double logMean(double[] fork) {
        double m = Arrays.stream(fork).average().orElse(Double.NaN);
        return m > 0 ? Math.log(m) : Double.NaN;
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
        Arrays.sort(order, (x, y) -> Double.compare(pValues[x], pValues[y]));
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
