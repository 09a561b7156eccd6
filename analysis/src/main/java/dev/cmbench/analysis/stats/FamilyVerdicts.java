package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.render.Cells;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * A verdict per benchmark family and one for the whole run, from the per-pair log ratios of the
 * family's results pooled: a change in code that a family's configurations share (a compute
 * kernel) moves all of them a little, and together their pairs can show what each one's few pairs
 * cannot.
 *
 * <p>Method. For each result j of the family (its figure: the primary score, or the secondary
 * metric env.json names as the benchmark's figure) with n_j ≥ 2 pairs, d_jk = ln(slowdown of pair
 * k), above 0 slower; m_j and s_j² the mean and variance of its d's. The family's estimate is the
 * mean of the m_j, each configuration weighing the same (a noisy one neither drowns the others nor
 * counts for more than one configuration); its variance Σ s_j²/n_j / J², on the Welch–Satterthwaite
 * degrees of freedom, so that a configuration with heavy-tailed pairs widens the interval instead of
 * passing for a change. It treats the pairs of different configurations as independent: their two
 * forks ran back to back in the same round, so what a slow minute does to both cancels in each
 * ratio. {@link FamilyReplay} checks that on recorded pairs.
 *
 * <p>Decision, as for a result, at a level Bonferroni-divided among the family lines and the
 * run's line (alpha = q / lines, q the run's false-discovery rate; with one family, whose line the
 * run's repeats, alpha = q): slower when the test rejects
 * "no change" and the estimate is past the family's threshold (the first result's); unchanged when
 * the interval lies within ±threshold or the change is real but within it; otherwise inconclusive.
 */
public final class FamilyVerdicts {

    /** The run's own line: every family's results pooled. */
    public static final String RUN = "the run";

    /**
     * What makes a family and what is each result's figure.
     *
     * @param headlineMetrics by benchmark, the secondary metric that is its figure (else its score)
     * @param familyBy        parameters that split a benchmark class into families (a batch's
     *                        {@code workload}: its io batches do not run the compute its cpu ones do)
     */
    public record Grouping(Map<String, String> headlineMetrics, List<String> familyBy) {

        public static final Grouping BY_CLASS = new Grouping(Map.of(), List.of());

        /** {@code BatchBenchmark · avgt}, with {@code · workload=cpu} for each familyBy parameter the result has. */
        String family(JmhResult.Key key) {
            String className = key.benchmark().substring(0, Math.max(0, key.benchmark().lastIndexOf('.')));
            StringBuilder name = new StringBuilder(className.substring(className.lastIndexOf('.') + 1))
                    .append(" · ").append(key.mode());
            familyBy.stream().filter(key.params()::containsKey)
                    .forEach(p -> name.append(" · ").append(p).append('=').append(key.params().get(p)));
            return name.toString();
        }
    }

    /** One result's pairs, turned so that above 0 is slower. */
    public record PairRatios(String family, JmhResult.Key key, double[] logSlowdowns, double threshold) {
    }

    /**
     * @param name       the family (class · mode, and the parameters that split it), or {@link #RUN}
     * @param slowdown   exp of the estimate: above 1 slower
     * @param interval   its interval at 1 - alpha, as slowdowns
     * @param alpha      the level the line was tested at
     * @param note       what the line rests on, or what would decide it
     */
    public record Family(String name, int results, int pairs, double slowdown, double[] interval, double pValue,
            double alpha, double threshold, Comparison.Verdict verdict, String note) {

        public boolean blocks() {
            return verdict == Comparison.Verdict.SLOWER;
        }

        /** Inconclusive with an estimate past the threshold: the run cannot read PASS. */
        public boolean undecided() {
            return verdict == Comparison.Verdict.INCONCLUSIVE && slowdown > 1 + threshold;
        }
    }

    private FamilyVerdicts() {
    }

    /** The pairs of each paired, tested change whose metric is its result's figure, by its family. */
    public static List<PairRatios> ratios(List<Comparison.Change> changes, Grouping grouping) {
        List<PairRatios> ratios = new ArrayList<>();
        for (Comparison.Change c : changes) {
            String figure = grouping.headlineMetrics().getOrDefault(c.key().benchmark(), "score");
            if (!c.metric().equals(figure) || c.baseline() == null || c.current() == null
                    || Double.isNaN(c.pValue())) {
                continue; // not this result's figure, or not tested (one pair, a failed side)
            }
            double[] d = logSlowdowns(c.baseline(), c.current());
            if (d.length >= 2) {
                ratios.add(new PairRatios(grouping.family(c.key()), c.key(), d, c.threshold()));
            }
        }
        return ratios;
    }

    /** Per pair, ln(current / baseline) of the fork means in one unit, turned so that above 0 is slower. */
    static double[] logSlowdowns(Metric baseline, Metric current) {
        List<double[]> b = Comparison.inBaseUnit(baseline);
        List<double[]> c = Comparison.inBaseUnit(current);
        int n = Math.min(b.size(), c.size());
        double sign = current.unit().lowerIsBetter() ? 1 : -1;
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = sign * (ForkTest.logMean(c.get(k)) - ForkTest.logMean(b.get(k)));
            if (!Double.isFinite(d[k])) {
                return new double[0];
            }
        }
        return d;
    }

    /** A line per family in order of appearance, then the run's line; none without ratios. */
    public static List<Family> decide(List<PairRatios> ratios, double fdr) {
        return decide(ratios, fdr, null);
    }

    /**
     * As {@link #decide(List, double)}; with {@code twoStage}, each line's p-value is the two-stage
     * test's on its pooled pairs, stage by stage ({@link TwoStage}).
     */
    public static List<Family> decide(List<PairRatios> ratios, double fdr, TwoStage twoStage) {
        Map<String, List<PairRatios>> byFamily = new LinkedHashMap<>();
        ratios.forEach(r -> byFamily.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r));
        if (byFamily.isEmpty()) {
            return List.of();
        }
        // With one family the run's line is the same test on the same pairs: one line to divide by.
        double alpha = fdr / (byFamily.size() == 1 ? 1 : byFamily.size() + 1);
        List<Family> families = new ArrayList<>();
        byFamily.forEach((name, members) -> families.add(line(name, members, alpha, twoStage)));
        families.add(line(RUN, ratios, alpha, twoStage));
        return families;
    }

    /**
     * The pooled estimate of members' log ratios: the mean of their means, its standard error and
     * Welch–Satterthwaite degrees of freedom (NaN when the standard error is 0).
     */
    private record Pooled(double estimate, double se, double df) {

        static Pooled of(List<double[]> members) {
            double sum = 0;
            double variance = 0;
            double dfDenominator = 0;
            for (double[] d : members) {
                int n = d.length;
                sum += StatUtils.mean(d);
                double v = StatUtils.variance(d) / n;
                variance += v;
                dfDenominator += v * v / (n - 1);
            }
            int results = members.size();
            return new Pooled(sum / results, Math.sqrt(variance) / results,
                    variance == 0 ? Double.NaN : variance * variance / dfDenominator);
        }

        /** Two-sided p-value of "no change". */
        double pValue() {
            return ForkTest.onLogScale(estimate, se, df, 1, 0, 0).pValue();
        }

        /** One stage of a two-stage line. */
        static TwoStage.StageTest stage(List<double[]> members) {
            Pooled pooled = of(members);
            return new TwoStage.StageTest(pooled.pValue(), Math.signum(pooled.estimate()));
        }
    }

    private static Family line(String name, List<PairRatios> members, double alpha, TwoStage twoStage) {
        int results = members.size();
        int pairs = members.stream().mapToInt(r -> r.logSlowdowns().length).sum();
        double threshold = members.getFirst().threshold();
        List<double[]> logRatios = members.stream().map(PairRatios::logSlowdowns).toList();
        Pooled pooled = Pooled.of(logRatios);
        double estimate = pooled.estimate();
        double se = pooled.se();
        double band = 1 + threshold;
        String what = results + " result" + (results == 1 ? "" : "s") + ", " + pairs + " pairs";
        if (se == 0) {
            double slowdown = Math.exp(estimate);
            Comparison.Verdict verdict = slowdown > band ? Comparison.Verdict.SLOWER
                    : slowdown < 1 / band ? Comparison.Verdict.FASTER : Comparison.Verdict.UNCHANGED;
            return new Family(name, results, pairs, slowdown, new double[] {slowdown, slowdown},
                    estimate == 0 ? 1 : 0, alpha, threshold, verdict, what + "; every pair the same");
        }
        TDistribution t = new TDistribution(pooled.df());
        double p = twoStage == null ? pooled.pValue() : twoStage.pValue(logRatios, Pooled::stage);
        double half = t.inverseCumulativeProbability(1 - alpha / 2) * se;
        double slowdown = Math.exp(estimate);
        double[] interval = {Math.exp(estimate - half), Math.exp(estimate + half)};
        boolean significant = p <= alpha;
        Comparison.Verdict verdict;
        String note = what;
        if (significant && slowdown > band) {
            verdict = Comparison.Verdict.SLOWER;
        } else if (significant && slowdown < 1 / band) {
            verdict = Comparison.Verdict.FASTER;
        } else if (interval[0] >= 1 / band && interval[1] <= band) {
            verdict = Comparison.Verdict.UNCHANGED;
        } else if (significant) {
            verdict = Comparison.Verdict.UNCHANGED;
            note += "; a real change, but within the " + Cells.percent(threshold) + " threshold";
        } else {
            verdict = Comparison.Verdict.INCONCLUSIVE;
            // Past the threshold it is decided when the interval leaves out no change; within, when
            // the interval fits inside the threshold.
            double target = Math.abs(estimate) > Math.log(band) ? Math.abs(estimate)
                    : Math.log(band) - Math.abs(estimate);
            note += "; the interval is too wide to tell: " + toDecide(half, target, pairs, results) + " decide it";
        }
        return new Family(name, results, pairs, slowdown, interval, p, alpha, threshold, verdict, note);
    }

    /**
     * How many pairs of every configuration would narrow the interval's half-width to
     * {@code target} (log scale), by the square-root law from this spread, the t quantile as it is.
     */
    private static String toDecide(double half, double target, int pairs, int results) {
        double perConfiguration = (double) pairs / results;
        double needed = perConfiguration * Math.pow(half / target, 2);
        return needed > 1000 ? "no practical number of pairs would"
                : "about " + (int) Math.ceil(Math.max(needed, perConfiguration + 1)) + " pairs of each configuration would";
    }
}
