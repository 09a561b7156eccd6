package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.CompareConfig;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.render.Cells;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The regression gate: matches two runs' results by benchmark + mode + threads + params and
 * decides, for each, slower / faster / unchanged / inconclusive (or new / missing / failed).
 *
 * <p>Method: each fork's iterations are first converted to one unit (ns/op, ops/ns), then, for
 * each pair, a {@link ForkTest} (forks as replicates) or, for an A/B run compared
 * {@code --paired}, a {@link PairedTest} (rounds as replicates) gives a p-value for "no change"
 * and the ratio it tests: the geometric mean ratio of fork means, current / baseline (not JMH's
 * pooled score ratio, which weighs a slow fork more and is not what was tested; it is shown
 * only for a result that could not be tested). p-values of all comparisons of the run are
 * adjusted with Benjamini–Hochberg. A change is a regression only when it is significant at the
 * configured false-discovery rate q and its point estimate exceeds the threshold. It is
 * "unchanged" when the interval lies inside ±threshold, or the change is significant but smaller
 * than the threshold; otherwise the data cannot tell and it is "inconclusive". Direction comes
 * from the unit: time per op lower is better, ops per time higher is better, other units (B/op)
 * lower is better.
 *
 * <p>Intervals: for the R of m tested results that Benjamini–Hochberg declares significant, the
 * false-coverage-rate adjusted interval at level 1 − R·q/m (Benjamini &amp; Yekutieli 2005), so
 * that on average at most a fraction q of the intervals shown beside a significant verdict miss
 * the true ratio; it excludes 1 exactly when the result is significant. For the others, the
 * marginal interval at level 1 − q, the one their "unchanged" or "inconclusive" rests on.
 *
 * <p>Paired, each result also carries the smallest slowdown the test could have detected (80 %
 * power) at its Benjamini–Hochberg level: R·q/m for a significant result, (R+1)·q/m for another
 * (the step it would have had to pass to join the R discoveries).
 */
public final class Comparison {

    public enum Verdict {
        SLOWER("slower"), FAILED("failed"), MISSING("missing"), INCONCLUSIVE("inconclusive"), NEW("new"),
        UNCHANGED("unchanged"), FASTER("faster"), IGNORED("ignored");

        public final String word;

        Verdict(String word) {
            this.word = word;
        }
    }

    /**
     * One metric of one result, compared.
     *
     * @param scoreRatio the tested ratio, geometric mean of current / baseline fork means in one unit;
     *                   JMH's score ratio when the result could not be tested; NaN when not compared
     * @param slowdown   the ratio turned so that above 1 is worse
     * @param interval   the interval of scoreRatio: FCR-adjusted when significant, else at 1 - fdr
     * @param detectable paired only: the smallest slowdown the test could have detected, as a
     *                   fraction (0.072 is 7.2 %); NaN otherwise
     */
    public record Change(JmhResult.Key key, String metric, Metric baseline, Metric current, double scoreRatio,
            double slowdown, double[] interval, double pValue, double qValue, double threshold, Verdict verdict,
            String note, double detectable) {

        public boolean blocks() {
            return verdict == Verdict.SLOWER || verdict == Verdict.FAILED;
        }

        /**
         * Inconclusive, with a change past the threshold the slow way (untested, JMH's score ratio):
         * six times slower in one fork each is not a pass.
         */
        public boolean undecided() {
            return verdict == Verdict.INCONCLUSIVE && !(slowdown <= 1 + threshold);
        }
    }

    /** The run's verdict: what the gate says of it as a whole. */
    public enum RunVerdict {
        PASS, FAIL, UNKNOWN
    }

    /**
     * @param paired      whether fork k of one side was paired with fork k of the other
     * @param tested      m, how many comparisons Benjamini–Hochberg ran over
     * @param significant R, how many of them it declared significant
     * @param twoStage    the two-stage test every p-value came from (a run under a time budget), or null
     */
    public record Outcome(List<Change> changes, Map<String, double[]> familyGeometricMeans, double fdr, boolean paired,
            int tested, int significant, List<FamilyVerdicts.Family> families, TwoStage twoStage) {

        /** The level of the intervals beside significant verdicts, 1 - R·q/m (1 - q when none). */
        public double selectedLevel() {
            return significant == 0 ? 1 - fdr : 1 - significant * fdr / tested;
        }

        /** A result slower or failed, or a family (or the run) slower. */
        public boolean regression() {
            return changes.stream().anyMatch(Change::blocks) || families.stream().anyMatch(FamilyVerdicts.Family::blocks);
        }

        /** Results that could not be decided though their change lies past the threshold. */
        public List<Change> undecided() {
            return changes.stream().filter(Change::undecided).toList();
        }

        /** FAIL on a regression; UNKNOWN when a change past the threshold could not be decided; else PASS. */
        public RunVerdict verdict() {
            if (regression()) {
                return RunVerdict.FAIL;
            }
            boolean unknown = !undecided().isEmpty() || families.stream().anyMatch(FamilyVerdicts.Family::undecided);
            return unknown ? RunVerdict.UNKNOWN : RunVerdict.PASS;
        }

        public long count(Verdict verdict) {
            return changes.stream().filter(c -> c.verdict() == verdict).count();
        }
    }

    private Comparison() {
    }

    /**
     * Compares the runs; {@code paired} pairs fork k of each baseline result with fork k of the
     * same current result.
     *
     * @throws InputException when paired and a result's two sides have different fork counts
     */
    public static Outcome compare(ResultSet baseline, ResultSet current, CompareConfig config, boolean paired)
            throws InputException {
        return compare(baseline, current, config, paired, FamilyVerdicts.Grouping.BY_CLASS);
    }

    /**
     * As {@link #compare(ResultSet, ResultSet, CompareConfig, boolean)}; paired, with a verdict per
     * family and one for the run ({@link FamilyVerdicts}), families and figures as {@code grouping} says.
     */
    public static Outcome compare(ResultSet baseline, ResultSet current, CompareConfig config, boolean paired,
            FamilyVerdicts.Grouping grouping) throws InputException {
        return compare(baseline, current, config, paired, grouping, null);
    }

    /**
     * As {@link #compare(ResultSet, ResultSet, CompareConfig, boolean, FamilyVerdicts.Grouping)};
     * paired with {@code twoStage} (an A/B run under a time budget), every p-value is the
     * two-stage test's ({@link TwoStage}).
     */
    public static Outcome compare(ResultSet baseline, ResultSet current, CompareConfig config, boolean paired,
            FamilyVerdicts.Grouping grouping, TwoStage twoStage) throws InputException {
        TwoStage stages = paired ? twoStage : null;
        Map<JmhResult.Key, JmhResult> before = index(baseline);
        Map<JmhResult.Key, JmhResult> after = index(current);
        Set<JmhResult.Key> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Pending> pending = new ArrayList<>();
        List<Change> decided = new ArrayList<>();
        for (JmhResult.Key key : keys) {
            JmhResult b = before.get(key);
            JmhResult c = after.get(key);
            double threshold = config.thresholdFor(key);
            if (config.ignores(key)) {
                decided.add(simple(key, "score", b, c, threshold, Verdict.IGNORED, "ignored by the configuration"));
            } else if (c == null) {
                decided.add(simple(key, "score", b, null, threshold, Verdict.MISSING, "only in the baseline"));
            } else if (b == null) {
                decided.add(simple(key, "score", null, c, threshold, Verdict.NEW, "only in the current run"));
            } else {
                pending.add(new Pending(key, "score", b.primary(), c.primary(), threshold, paired, stages));
                for (String name : config.secondary()) {
                    Metric mb = b.secondary().get(name);
                    Metric mc = c.secondary().get(name);
                    if (mb != null && mc != null) {
                        pending.add(new Pending(key, name, mb, mc, threshold, paired, stages));
                    } else if (mb != null || mc != null) {
                        decided.add(new Change(key, name, mb, mc, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN,
                                threshold, mc == null ? Verdict.MISSING : Verdict.NEW,
                                "secondary metric only in the " + (mc == null ? "baseline" : "current run"),
                                Double.NaN));
                    }
                }
            }
        }
        for (Pending x : pending) {
            x.test(config.fdr());
        }
        double[] p = pending.stream().filter(Pending::tested).mapToDouble(x -> x.test.pValue()).toArray();
        double[] q = ForkTest.benjaminiHochberg(p);
        int m = q.length;
        int r = (int) Arrays.stream(q).filter(v -> v <= config.fdr()).count();
        int next = 0;
        List<Change> changes = new ArrayList<>(decided);
        for (Pending x : pending) {
            double qx = x.tested() ? q[next++] : Double.NaN;
            boolean significant = qx <= config.fdr();
            double intervalAlpha = significant ? r * config.fdr() / m : config.fdr();
            double detectAlpha = significant ? intervalAlpha : (r + 1) * config.fdr() / Math.max(1, m);
            changes.add(x.decide(qx, config.fdr(), intervalAlpha, Math.min(config.fdr(), detectAlpha)));
        }
        changes.sort(Comparator.comparingInt((Change c) -> severity(c.verdict()))
                .thenComparing(Comparator.comparingDouble((Change c) -> Double.isNaN(c.slowdown()) ? 0 : c.slowdown())
                        .reversed()));
        List<FamilyVerdicts.Family> families = paired
                ? FamilyVerdicts.decide(FamilyVerdicts.ratios(changes, grouping), config.fdr(), stages) : List.of();
        return new Outcome(changes, geometricMeans(changes), config.fdr(), paired, m, r, families, stages);
    }

    private static int severity(Verdict v) {
        return v.ordinal();
    }

    private static Map<JmhResult.Key, JmhResult> index(ResultSet set) {
        Map<JmhResult.Key, JmhResult> byKey = new LinkedHashMap<>();
        set.results().forEach(r -> byKey.put(r.key(), r));
        return byKey;
    }

    private static Change simple(JmhResult.Key key, String metric, JmhResult b, JmhResult c, double threshold,
            Verdict verdict, String note) {
        return new Change(key, metric, b == null ? null : b.primary(), c == null ? null : c.primary(), Double.NaN,
                Double.NaN, null, Double.NaN, Double.NaN, threshold, verdict, note, Double.NaN);
    }

    /** Geometric mean of the primary slowdowns per family (class · mode), with how many went in. */
    private static Map<String, double[]> geometricMeans(List<Change> changes) {
        Map<String, List<Double>> byFamily = new LinkedHashMap<>();
        Map<String, String> classNames = ClassNames.shortest(changes.stream().map(c -> className(c.key())).toList());
        for (Change c : changes) {
            if (c.metric().equals("score") && Double.isFinite(c.slowdown()) && c.slowdown() > 0) {
                String family = classNames.get(className(c.key())) + " · " + c.key().mode();
                byFamily.computeIfAbsent(family, k -> new ArrayList<>()).add(c.slowdown());
            }
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        byFamily.forEach((family, values) -> means.put(family, new double[] {
                new org.apache.commons.math3.stat.descriptive.moment.GeometricMean().evaluate(
                        values.stream().mapToDouble(Double::doubleValue).toArray()), values.size()}));
        return means;
    }

    /** Each fork's iterations in the unit's base (ns/op, ops/ns), so that ms and µs compare. */
    static List<double[]> inBaseUnit(Metric metric) {
        ScoreUnit unit = metric.unit();
        return metric.forks().stream().map(f -> Arrays.stream(f).map(unit::toBase).toArray()).toList();
    }

    private static String className(JmhResult.Key key) {
        return key.benchmark().substring(0, Math.max(0, key.benchmark().lastIndexOf('.')));
    }

    /** A pair of metrics on its way to a verdict. */
    private static final class Pending {
        final JmhResult.Key key;
        final String metric;
        final Metric baseline;
        final Metric current;
        final double threshold;
        final boolean paired;
        final TwoStage twoStage;
        ForkTest.Result test;
        String untestable;

        Pending(JmhResult.Key key, String metric, Metric baseline, Metric current, double threshold, boolean paired,
                TwoStage twoStage) {
            this.key = key;
            this.metric = metric;
            this.baseline = baseline;
            this.current = current;
            this.threshold = threshold;
            this.paired = paired;
            this.twoStage = twoStage;
        }

        boolean tested() {
            return test != null;
        }

        void test(double alpha) throws InputException {
            if (!current.scoreIsFinite() || !baseline.scoreIsFinite()) {
                return;
            }
            if (baseline.unit().isTime() != current.unit().isTime() || baseline.unit().kind() != current.unit().kind()
                    || !baseline.unit().isTime() && !baseline.unit().text().equals(current.unit().text())) {
                untestable = "units differ: " + baseline.unit().text() + " vs " + current.unit().text();
                return;
            }
            // One unit before the test: ms against µs is a shift of ln 1000 on the log scale.
            List<double[]> b = inBaseUnit(baseline);
            List<double[]> c = inBaseUnit(current);
            if (!paired) {
                test = ForkTest.compare(b, c, alpha).orElse(null);
                if (test == null) {
                    untestable = b.size() < 2 || c.size() < 2
                            ? "one fork cannot tell a change from JVM-to-JVM variance; run with -f 3 or more to gate"
                            : "a fork mean is not positive, so no ratio can be tested";
                }
                return;
            }
            if (b.size() != c.size()) {
                throw new InputException("--paired: " + key + (metric.equals("score") ? "" : " " + metric) + " has "
                        + b.size() + " forks in the baseline and " + c.size() + " in the current run; fork k of one"
                        + " must be the same round's fork k of the other");
            }
            test = PairedTest.compare(b, c, alpha).orElse(null);
            if (test != null && twoStage != null) {
                test = test.withPValue(twoStage.pValue(FamilyVerdicts.logSlowdowns(baseline, current)));
            }
            if (test == null) {
                untestable = b.size() < 2
                        ? b.size() + " pair" + (b.size() == 1 ? "" : "s") + " cannot tell a change from"
                                + " round-to-round variance; run 2 rounds or more to gate"
                        : "a fork mean is not positive, so no ratio can be tested";
            }
        }

        /**
         * @param intervalAlpha one minus the level of the interval shown
         * @param detectAlpha   the level at which the detectable change is quoted
         */
        Change decide(double q, double fdr, double intervalAlpha, double detectAlpha) {
            if (!current.scoreIsFinite()) {
                return change(Double.NaN, Verdict.FAILED, "current score is " + ScoreUnit.number(current.score()));
            }
            if (!baseline.scoreIsFinite()) {
                return change(Double.NaN, Verdict.INCONCLUSIVE, "baseline score is " + ScoreUnit.number(baseline.score()));
            }
            if (!tested()) {
                double pooled = current.unit().toBase(current.score()) / baseline.unit().toBase(baseline.score());
                return change(pooled, Verdict.INCONCLUSIVE, untestable);
            }
            double ratio = test.ratio();
            double[] interval = test.interval(intervalAlpha);
            boolean lowerIsBetter = current.unit().lowerIsBetter();
            double slowdown = lowerIsBetter ? ratio : 1 / ratio;
            double slowLo = lowerIsBetter ? interval[0] : 1 / interval[1];
            double slowHi = lowerIsBetter ? interval[1] : 1 / interval[0];
            double band = 1 + threshold;
            boolean significant = q <= fdr;
            String power = !paired && test.baselineForks() + test.currentForks() < 6
                    ? test.baselineForks() + " vs " + test.currentForks() + " forks: little power" : "";
            double detectable = Double.NaN;
            String morePairs = paired ? "" : "more forks a side (-f) would narrow it";
            if (paired) {
                double spread = PairedTest.pairSpread(test);
                detectable = PairedTest.detectableChange(spread, test.baselineForks(), detectAlpha);
                if (!(detectable <= threshold)) {
                    String goal = " detect the " + Cells.percent(threshold) + " threshold";
                    morePairs = PairedTest.pairsToDetect(spread, threshold, detectAlpha)
                            .stream().mapToObj(n -> "about " + n + " pairs would" + goal).findFirst()
                            .orElse("no practical number of pairs would" + goal);
                }
            }
            Verdict verdict;
            String note = power;
            if (significant && slowdown > band) {
                verdict = Verdict.SLOWER;
            } else if (significant && slowdown < 1 / band) {
                verdict = Verdict.FASTER;
            } else if (slowLo >= 1 / band && slowHi <= band) {
                verdict = Verdict.UNCHANGED;
            } else if (significant) {
                verdict = Verdict.UNCHANGED;
                note = join("a real change, but within the " + Cells.percent(threshold) + " threshold", power);
            } else {
                verdict = Verdict.INCONCLUSIVE;
                note = join(join("the interval is too wide to tell", power), morePairs);
            }
            return new Change(key, metric, baseline, current, ratio, slowdown, interval, test.pValue(), q,
                    threshold, verdict, note, detectable);
        }

        private Change change(double ratio, Verdict verdict, String note) {
            boolean lowerIsBetter = current.unit().lowerIsBetter();
            double slowdown = Double.isFinite(ratio) ? (lowerIsBetter ? ratio : 1 / ratio) : Double.NaN;
            return new Change(key, metric, baseline, current, ratio, slowdown, null, Double.NaN, Double.NaN, threshold,
                    verdict, note, Double.NaN);
        }

        private static String join(String a, String b) {
            return b.isEmpty() ? a : a + "; " + b;
        }
    }
}
