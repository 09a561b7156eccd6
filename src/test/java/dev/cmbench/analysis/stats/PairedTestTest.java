package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.analysis.read.CompareConfig;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.ComparisonRenderer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paired A/B test, and the gate's fixes that came with it (one unit first, the tested ratio, FCR intervals). */
class PairedTestTest {

    /** How much the machine drifts between rounds: each round's forks run at this multiple of the base time. */
    private static final double[] DRIFT = {1.0, 1.4, 0.8, 1.2};

    @TempDir
    Path dir;

    @Test
    void aTenPercentSlowdownUnderRoundToRoundDriftIsFoundPairedAndNotUnpaired() {
        Path a = side("a.json", "us/op", 100, 1, 0.01);
        Path b = side("b.json", "us/op", 110, 2, 0.01);

        Fixtures.Run paired = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());
        Fixtures.Run unpaired = Fixtures.analyzer("compare", a.toString(), b.toString());

        assertEquals(Analyzer.REGRESSION, paired.exitCode(), paired.out() + paired.err());
        assertEquals(3, ReportTest.count(paired.out(), "| slower |"), paired.out());
        assertTrue(paired.out().contains("+10.0%"), paired.out());
        // the drift (±20 % between rounds) is noise to the unpaired test and hides the 10 %
        assertEquals(Analyzer.OK, unpaired.exitCode(), unpaired.out());
        assertEquals(0, ReportTest.count(unpaired.out(), "| slower |"), unpaired.out());
        assertEquals(3, ReportTest.count(unpaired.out(), "| inconclusive |"), unpaired.out());
    }

    @Test
    void anAaRunWithNoiseFlagsNothingPaired() {
        Path a = side("a.json", "us/op", 100, 1, 0.02);
        Path b = side("b.json", "us/op", 100, 2, 0.02);

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());

        assertEquals(Analyzer.OK, run.exitCode(), run.out() + run.err());
        assertFalse(run.out().contains("| slower |") || run.out().contains("| faster |")
                || run.out().contains("a real change"), run.out());
    }

    /** Before: the forks were tested in their own units, so ms against µs was a shift of ln 1000, p ≈ 0. */
    @Test
    void forksInMillisecondsAgainstMicrosecondsAreTestedInOneUnit() {
        Path millis = side("ms.json", "ms/op", 0.1, 1, 0.02);
        Path micros = side("us.json", "us/op", 100, 2, 0.02);

        for (String mode : List.of("--threshold=5%", "--paired")) {
            Fixtures.Run run = Fixtures.analyzer("compare", mode, millis.toString(), micros.toString());
            assertEquals(Analyzer.OK, run.exitCode(), run.out() + run.err());
            assertFalse(run.out().contains("a real change") || run.out().contains("<0.001"), run.out());
            for (double ratio : changes(run.out())) {
                assertEquals(0, ratio, 2, run.out()); // percent
            }
        }
    }

    /** Before: the change shown was JMH's pooled score ratio, +66.7 % here, not the ratio the test was about. */
    @Test
    void theChangeShownIsTheGeometricMeanRatioOfForkMeans() {
        ArrayNode base = Fixtures.JSON.createArrayNode();
        base.add(result("x", "us/op", new double[][] {{100, 100}, {100, 100}, {100, 100}}));
        ArrayNode slowed = Fixtures.JSON.createArrayNode();
        slowed.add(result("x", "us/op", new double[][] {{99, 101}, {99, 101}, {299, 301}}));
        Path a = Fixtures.write(dir, "a.json", base);
        Path b = Fixtures.write(dir, "b.json", slowed);

        Fixtures.Run run = Fixtures.analyzer("compare", a.toString(), b.toString());

        // (100 · 100 · 300)^(1/3) / 100 = 1.442; the pooled score 166.7 / 100 would say +66.7 %
        assertTrue(run.out().contains("| +44.2% |"), run.out());
        assertFalse(run.out().contains("+66.7%"), run.out());
    }

    /** Before: the interval beside a significant verdict was the unadjusted 95 % one. */
    @Test
    void intervalsBesideSignificantVerdictsAreFalseCoverageRateAdjusted() throws InputException {
        Path base = Fixtures.path("modes-1.37.json");
        Path slowed = Fixtures.write(dir, "slowed.json",
                Fixtures.scaled(Fixtures.tree("modes-1.37.json"), Fixtures.benchmark("measureAvgTime", "avgt"), 1.25));
        ResultSet before = ResultSet.read(base);
        ResultSet after = ResultSet.read(slowed);

        Comparison.Outcome outcome = Comparison.compare(before, after, CompareConfig.defaults(), false);

        assertEquals(1, outcome.significant());
        Comparison.Change slower = outcome.changes().get(0);
        assertEquals(Comparison.Verdict.SLOWER, slower.verdict());
        double alpha = 0.05 * outcome.significant() / outcome.tested();
        double[] adjusted = ForkTest.compare(inNanos(slower.baseline()), inNanos(slower.current()), alpha)
                .orElseThrow().interval();
        assertEquals(adjusted[0], slower.interval()[0], 1e-9);
        assertEquals(adjusted[1], slower.interval()[1], 1e-9);
        Comparison.Change unchanged = outcome.changes().stream()
                .filter(c -> c.verdict() == Comparison.Verdict.UNCHANGED).findFirst().orElseThrow();
        double[] marginal = ForkTest.compare(inNanos(unchanged.baseline()), inNanos(unchanged.current()), 0.05)
                .orElseThrow().interval();
        assertEquals(marginal[0], unchanged.interval()[0], 1e-9);
        String md = ComparisonRenderer.render("a", "b", outcome, List.of());
        assertTrue(md.contains("false-coverage-rate adjusted, at 1 − R·q/m = "), md);
    }

    @Test
    void unequalForkCountsCannotBePairedAndSayWhichResultInOneLine() {
        ArrayNode three = Fixtures.JSON.createArrayNode();
        three.add(result("x", "us/op", new double[][] {{100}, {101}, {102}}));
        ArrayNode two = Fixtures.JSON.createArrayNode();
        two.add(result("x", "us/op", new double[][] {{100}, {101}}));
        Path a = Fixtures.write(dir, "a.json", three);
        Path b = Fixtures.write(dir, "b.json", two);

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());

        assertEquals(Analyzer.BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("{case=x}") && run.err().contains("3 forks in the baseline and 2"), run.err());
        assertEquals(Analyzer.OK, Fixtures.analyzer("compare", a.toString(), b.toString()).exitCode(), "unpaired is fine");
    }

    @Test
    void onePairIsInconclusiveAndSaysWhy() {
        ArrayNode one = Fixtures.JSON.createArrayNode();
        one.add(result("x", "us/op", new double[][] {{100, 101}}));
        Path a = Fixtures.write(dir, "a.json", one);

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", a.toString(), a.toString());

        assertEquals(Analyzer.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("| inconclusive |") && run.out().contains("1 pair cannot tell"), run.out());
    }

    @Test
    void theSmallestDetectableChangeAndThePairsToReachTheThresholdAreInCompareMd() {
        // iterations ±20 % about their round's level: four pairs cannot detect 5 %
        Path a = side("a.json", "us/op", 100, 1, 0.2);
        Path b = side("b.json", "us/op", 100, 2, 0.2);

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());

        assertTrue(run.out().contains("| detects |"), run.out());
        assertTrue(Pattern.compile("\\| ≥ \\d+\\.\\d% \\|").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("\\| inconclusive \\|.*about \\d+ pairs would detect the 5\\.0% threshold")
                .matcher(run.out()).find(), run.out());
        ReportTest.assertTablesLineUp(run.out());
    }

    @Test
    void theDetectableChangeFollowsTheFormulaAndThePairCountReachesIt() {
        double spread = 0.05;
        double alpha = 0.05;
        var t = new org.apache.commons.math3.distribution.TDistribution(3);
        double expected = Math.exp((t.inverseCumulativeProbability(0.975) + t.inverseCumulativeProbability(0.8))
                * spread / 2) - 1;
        assertEquals(expected, PairedTest.detectableChange(spread, 4, alpha), 1e-12);
        int n = PairedTest.pairsToDetect(spread, 0.05, alpha).orElseThrow();
        assertTrue(PairedTest.detectableChange(spread, n, alpha) <= 0.05, "n = " + n);
        assertTrue(PairedTest.detectableChange(spread, n - 1, alpha) > 0.05, "n - 1 = " + (n - 1));
    }

    /** What CompareCommand gates beside the score (a headline metric, --gate-secondary) is paired as well. */
    @Test
    void aGatedSecondaryMetricIsPairedToo() {
        Path a = Fixtures.write(dir, "a.json", withMakespan(100, 100, 1));
        Path b = Fixtures.write(dir, "b.json", withMakespan(100, 110, 2));

        Fixtures.Run paired = Fixtures.analyzer("compare", "--paired", "--gate-secondary", "makespan", a.toString(),
                b.toString());
        Fixtures.Run unpaired = Fixtures.analyzer("compare", "--gate-secondary", "makespan", a.toString(), b.toString());

        assertEquals(Analyzer.REGRESSION, paired.exitCode(), paired.out());
        assertEquals(3, ReportTest.count(paired.out(), "| slower |"), paired.out());
        assertTrue(Pattern.compile("\\| slower \\| [^|]*\\| makespan \\|").matcher(paired.out()).find(), paired.out());
        assertEquals(Analyzer.OK, unpaired.exitCode(), unpaired.out());
    }

    /** Three configurations whose score is at {@code score} and whose secondary metric makespan at {@code makespan}. */
    private static ArrayNode withMakespan(double score, double makespan, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ArrayNode results = Fixtures.JSON.createArrayNode();
        for (String c : List.of("one", "two", "three")) {
            ObjectNode entry = result(c, "us/op", forks(score, random, 0.01));
            ObjectNode metric = result(c, "us/op", forks(makespan, random, 0.01)).get("primaryMetric").deepCopy();
            entry.putObject("secondaryMetrics").set("makespan", metric);
            results.add(entry);
        }
        return results;
    }

    /** Three configurations of one A/B side: round k of each at {@code level × DRIFT[k]}, iterations with noise. */
    private Path side(String name, String unit, double level, long seed, double noise) {
        SplittableRandom random = new SplittableRandom(seed);
        ArrayNode results = Fixtures.JSON.createArrayNode();
        for (String c : List.of("one", "two", "three")) {
            results.add(result(c, unit, forks(level, random, noise)));
        }
        return Fixtures.write(dir, name, results);
    }

    private static double[][] forks(double level, SplittableRandom random, double noise) {
        double[][] forks = new double[DRIFT.length][5];
        for (int k = 0; k < DRIFT.length; k++) {
            for (int i = 0; i < forks[k].length; i++) {
                forks[k][i] = level * DRIFT[k] * (1 + noise * (2 * random.nextDouble() - 1));
            }
        }
        return forks;
    }

    /** The template's avgt entry with these forks of iterations, scored as JMH does (the mean of all). */
    static ObjectNode result(String caseName, String unit, double[][] forks) {
        ObjectNode entry = Fixtures.tree("modes-1.37.json").get(4).deepCopy();
        entry.put("forks", forks.length);
        entry.putObject("params").put("case", caseName);
        ObjectNode metric = (ObjectNode) entry.get("primaryMetric");
        metric.put("score", Arrays.stream(forks).flatMapToDouble(Arrays::stream).average().orElseThrow());
        metric.put("scoreUnit", unit);
        metric.remove(List.of("scoreError", "scoreConfidence", "scorePercentiles"));
        metric.set("rawData", array(forks));
        return entry;
    }

    private static ArrayNode array(double[][] forks) {
        ArrayNode raw = Fixtures.JSON.createArrayNode();
        for (double[] fork : forks) {
            ArrayNode iterations = raw.addArray();
            Arrays.stream(fork).forEach(iterations::add);
        }
        return raw;
    }

    private static List<double[]> inNanos(Metric metric) {
        return metric.forks().stream().map(f -> Arrays.stream(f).map(metric.unit()::toBase).toArray()).toList();
    }

    /** The change column of every row, in percent. */
    private static List<Double> changes(String markdown) {
        Matcher m = Pattern.compile("\\| score \\| [^|]* \\| [^|]* \\| ([+-]\\d+\\.\\d)% \\|").matcher(markdown);
        return m.results().map(r -> Double.parseDouble(r.group(1))).toList();
    }
}
