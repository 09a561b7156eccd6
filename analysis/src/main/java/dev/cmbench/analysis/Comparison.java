package dev.cmbench.analysis;

import java.util.ArrayList;
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
 * <p>Method: for each pair, a {@link ForkTest} (forks as replicates) gives a p-value for "no
 * change" and an interval for the ratio; p-values of all comparisons of the run are adjusted
 * with Benjamini–Hochberg. A change is a regression only when it is significant at the
 * configured false-discovery rate and its point estimate exceeds the threshold. It is
 * "unchanged" when the interval lies inside ±threshold, or the change is significant but smaller
 * than the threshold; otherwise the data cannot tell and it is "inconclusive". Direction comes
 * from the unit: time per op lower is better, ops per time higher is better, other units (B/op)
 * lower is better.
 */
final class Comparison {

    enum Verdict {
        SLOWER("slower"), FAILED("failed"), MISSING("missing"), INCONCLUSIVE("inconclusive"), NEW("new"),
        UNCHANGED("unchanged"), FASTER("faster"), IGNORED("ignored");

        final String word;

        Verdict(String word) {
            this.word = word;
        }
    }

    /**
     * One metric of one result, compared.
     *
     * @param scoreRatio current / baseline score in a common unit (NaN when not compared)
     * @param slowdown   the ratio turned so that above 1 is worse
     * @param interval   the bootstrap interval of scoreRatio
     */
    record Change(JmhResult.Key key, String metric, Metric baseline, Metric current, double scoreRatio,
            double slowdown, double[] interval, double pValue, double qValue, double threshold, Verdict verdict,
            String note) {

        boolean blocks() {
            return verdict == Verdict.SLOWER || verdict == Verdict.FAILED;
        }
    }

    record Outcome(List<Change> changes, Map<String, double[]> familyGeometricMeans, double fdr) {

        boolean regression() {
            return changes.stream().anyMatch(Change::blocks);
        }

        long count(Verdict verdict) {
            return changes.stream().filter(c -> c.verdict() == verdict).count();
        }
    }

    private Comparison() {
    }

    static Outcome compare(ResultSet baseline, ResultSet current, CompareConfig config) {
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
                pending.add(new Pending(key, "score", b.primary(), c.primary(), threshold));
                for (String name : config.secondary()) {
                    Metric mb = b.secondary().get(name);
                    Metric mc = c.secondary().get(name);
                    if (mb != null && mc != null) {
                        pending.add(new Pending(key, name, mb, mc, threshold));
                    } else if (mb != null || mc != null) {
                        decided.add(new Change(key, name, mb, mc, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN,
                                threshold, mc == null ? Verdict.MISSING : Verdict.NEW,
                                "secondary metric only in the " + (mc == null ? "baseline" : "current run")));
                    }
                }
            }
        }
        pending.forEach(x -> x.test(config.fdr()));
        double[] p = pending.stream().filter(Pending::tested).mapToDouble(x -> x.test.pValue()).toArray();
        double[] q = ForkTest.benjaminiHochberg(p);
        int next = 0;
        List<Change> changes = new ArrayList<>(decided);
        for (Pending x : pending) {
            changes.add(x.decide(x.tested() ? q[next++] : Double.NaN, config.fdr()));
        }
        changes.sort(Comparator.comparingInt((Change c) -> severity(c.verdict()))
                .thenComparing(Comparator.comparingDouble((Change c) -> Double.isNaN(c.slowdown()) ? 0 : c.slowdown())
                        .reversed()));
        return new Outcome(changes, geometricMeans(changes), config.fdr());
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
                Double.NaN, null, Double.NaN, Double.NaN, threshold, verdict, note);
    }

    /** Geometric mean of the primary slowdowns per family (class · mode), with how many went in. */
    private static Map<String, double[]> geometricMeans(List<Change> changes) {
        Map<String, List<Double>> byFamily = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.metric().equals("score") && Double.isFinite(c.slowdown()) && c.slowdown() > 0) {
                String className = c.key().benchmark().substring(0, Math.max(0, c.key().benchmark().lastIndexOf('.')));
                String family = className.substring(className.lastIndexOf('.') + 1) + " · " + c.key().mode();
                byFamily.computeIfAbsent(family, k -> new ArrayList<>()).add(c.slowdown());
            }
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        byFamily.forEach((family, values) -> means.put(family, new double[] {
                new org.apache.commons.math3.stat.descriptive.moment.GeometricMean().evaluate(
                        values.stream().mapToDouble(Double::doubleValue).toArray()), values.size()}));
        return means;
    }

    /** A pair of metrics on its way to a verdict. */
    private static final class Pending {
        final JmhResult.Key key;
        final String metric;
        final Metric baseline;
        final Metric current;
        final double threshold;
        ForkTest.Result test;
        double unitFactor = 1;
        String untestable;

        Pending(JmhResult.Key key, String metric, Metric baseline, Metric current, double threshold) {
            this.key = key;
            this.metric = metric;
            this.baseline = baseline;
            this.current = current;
            this.threshold = threshold;
        }

        boolean tested() {
            return test != null;
        }

        void test(double alpha) {
            if (!current.scoreIsFinite() || !baseline.scoreIsFinite()) {
                return;
            }
            if (baseline.unit().isTime() != current.unit().isTime() || baseline.unit().kind() != current.unit().kind()
                    || !baseline.unit().isTime() && !baseline.unit().text().equals(current.unit().text())) {
                untestable = "units differ: " + baseline.unit().text() + " vs " + current.unit().text();
                return;
            }
            unitFactor = current.unit().toBase(1) / baseline.unit().toBase(1);
            test = ForkTest.compare(baseline.forks(), current.forks(), alpha).orElse(null);
            if (test == null) {
                untestable = baseline.forks().size() < 2 || current.forks().size() < 2
                        ? "one fork cannot tell a change from JVM-to-JVM variance; run with -f 3 or more to gate"
                        : "a fork mean is not positive, so no ratio can be tested";
            }
        }

        Change decide(double q, double fdr) {
            if (!current.scoreIsFinite()) {
                return change(Double.NaN, null, Double.NaN, q, Verdict.FAILED,
                        "current score is " + ScoreUnit.number(current.score()));
            }
            if (!baseline.scoreIsFinite()) {
                return change(Double.NaN, null, Double.NaN, q, Verdict.INCONCLUSIVE,
                        "baseline score is " + ScoreUnit.number(baseline.score()));
            }
            double ratio = current.unit().toBase(current.score()) / baseline.unit().toBase(baseline.score());
            if (!tested()) {
                return change(ratio, null, Double.NaN, q, Verdict.INCONCLUSIVE, untestable);
            }
            double[] interval = {test.interval()[0] * unitFactor, test.interval()[1] * unitFactor};
            boolean lowerIsBetter = current.unit().lowerIsBetter();
            double slowdown = lowerIsBetter ? ratio : 1 / ratio;
            double slowLo = lowerIsBetter ? interval[0] : 1 / interval[1];
            double slowHi = lowerIsBetter ? interval[1] : 1 / interval[0];
            double band = 1 + threshold;
            boolean significant = q <= fdr;
            String forks = test.baselineForks() + test.currentForks() < 6
                    ? test.baselineForks() + " vs " + test.currentForks() + " forks: little power" : "";
            Verdict verdict;
            String note = forks;
            if (significant && slowdown > band) {
                verdict = Verdict.SLOWER;
            } else if (significant && slowdown < 1 / band) {
                verdict = Verdict.FASTER;
            } else if (slowLo >= 1 / band && slowHi <= band) {
                verdict = Verdict.UNCHANGED;
            } else if (significant) {
                verdict = Verdict.UNCHANGED;
                note = join("a real change, but within the " + Cells.percent(threshold) + " threshold", forks);
            } else {
                verdict = Verdict.INCONCLUSIVE;
                note = join("the interval is too wide to tell", forks);
            }
            return new Change(key, metric, baseline, current, ratio, slowdown, interval, test.pValue(), q,
                    threshold, verdict, note);
        }

        private Change change(double ratio, double[] interval, double p, double q, Verdict verdict, String note) {
            boolean lowerIsBetter = current.unit().lowerIsBetter();
            double slowdown = Double.isFinite(ratio) ? (lowerIsBetter ? ratio : 1 / ratio) : Double.NaN;
            return new Change(key, metric, baseline, current, ratio, slowdown, interval, p, q, threshold, verdict, note);
        }

        private static String join(String a, String b) {
            return b.isEmpty() ? a : a + "; " + b;
        }
    }
}
