package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultReader;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.render.Cells;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interval beside each score comes from the fork means (a prediction interval for a repeat
 * run's mean), not from JMH's error pooled over all iterations.
 */
class ForkIntervalTest {

    private static final String AVGT = "JMHSample_02_BenchmarkModes.measureAvgTime";
    /** Student's t, 2 degrees of freedom, 0.975: the quantile of a 95 % two-sided interval on 3 forks. */
    private static final double T_2 = 4.302652729911275;

    @TempDir
    Path dir;

    /**
     * Three JVMs, each steady within itself (iterations within ±0.1 %), whose means differ by
     * 20 %: JMH's pooled error calls that ±5 %; a repeat run's mean can land anywhere in that 20 %.
     */
    @Test
    void theIntervalComesFromTheForkMeansNotTheIterations() throws Exception {
        Path file = Fixtures.write(dir, "forks.json", withForks(100_000, 110_000, 120_000));

        Report report = report(file);
        Report.Cell cell = report.tables().get(0).rows().get(0).cells().get(0);
        Metric m = cell.metric();

        // each fork's ten iterations are its mean × (1 - 0.001, 1, 1 + 0.001, …): a mean of mean × 0.9999
        double[] logs = {Math.log(99_990), Math.log(109_989), Math.log(119_988)};
        double half = T_2 * Math.sqrt(StatUtils.variance(logs)) * Math.sqrt(1.0 / 3 + 1.0 / 3);
        assertNotNull(cell.interval(), "three forks give an interval");
        assertEquals(Math.exp(StatUtils.mean(logs) - half), cell.interval().low(), 1e-6 * m.score());
        assertEquals(Math.exp(StatUtils.mean(logs) + half), cell.interval().high(), 1e-6 * m.score());
        assertEquals(3, cell.interval().forks());
        assertTrue(cell.interval().logScale());
        assertTrue(m.relativeError() < 0.06, "JMH's pooled error is narrow: " + m.relativeError());
        assertTrue(cell.interval().relativeHalfWidth(m.score()) > 0.25, "the fork means' is wide: " + cell.interval());

        String md = Fixtures.analyzer("report", file.toString()).out();
        assertTrue(md.contains("| 110 ms \\[80, 151\\] (×1.00) |"), md);
        assertFalse(md.contains("±"), "no pooled ± anywhere: " + md);
        assertTrue(md.contains("the 95 % interval for the mean of a repeat run, from the spread of this run's 3 forks "
                + "alone"), md);
    }

    /** One JVM cannot say where the next will land: the score stands alone, and the report says why, once. */
    @Test
    void oneForkShowsTheScoreWithoutAnIntervalAndSaysSo() throws Exception {
        ArrayNode results = single(Fixtures.tree("modes-1.37.json"));
        ObjectNode entry = (ObjectNode) results.get(0);
        entry.put("forks", 1);
        ((ArrayNode) entry.get("primaryMetric").get("rawData")).remove(1);
        Path file = Fixtures.write(dir, "one-fork.json", results);
        assertTrue(ResultReader.read(file).get(0).primary().errorKnown(), "JMH's own error is there to fall back on");

        Fixtures.Run run = Fixtures.analyzer("report", "--format", "all", "--out", dir.resolve("out").toString(),
                file.toString());

        assertEquals(0, run.exitCode(), run.err());
        // A file from elsewhere (no env.json): JMH's own option, not this suite's -Dbench.full.
        String sentence = "One fork per result: no interval between JVMs; run with -f 3 for intervals.";
        String md = Files.readString(dir.resolve("out/report.md"));
        assertFalse(md.contains("-Dbench"), md);
        assertFalse(md.contains("±"), md);
        assertTrue(md.contains("| JMHSample\\_02\\_BenchmarkModes.measureAvgTime | 100 ms (×1.00) |"), md);
        assertEquals(1, ReportTest.count(md, sentence), md);
        String html = Files.readString(dir.resolve("out/report.html"));
        assertFalse(html.contains("±"), "not in the table, not on the chart's labels");
        assertEquals(1, ReportTest.count(html, sentence));
        List<String> csv = Files.readString(dir.resolve("out/report.csv")).lines().toList();
        assertEquals("", column(csv, "low", 1));
        assertEquals("", column(csv, "high", 1));
        assertEquals("1", column(csv, "forks", 1));
    }

    @Test
    void csvHasTheIntervalsEndsInTheResultsUnit() throws IOException {
        Path file = Fixtures.write(dir, "forks.json", withForks(100_000, 110_000, 120_000));

        List<String> csv = Fixtures.analyzer("report", "--format", "csv", file.toString()).out().lines().toList();

        assertEquals("us/op", column(csv, "unit", 1));
        assertEquals(79_618.5, Double.parseDouble(column(csv, "low", 1)), 0.1, "µs, as JMH wrote the score");
        assertEquals(151_106.0, Double.parseDouble(column(csv, "high", 1)), 0.1);
        assertEquals("3", column(csv, "forks", 1));
        assertTrue(csv.get(0).contains("score,scoreError,unit,relativeError,centre,low,high,lowWithinRun,highWithinRun,"
                + "farFork,status"), "JMH's columns stay: " + csv.get(0));
        assertEquals(109_989.0, Double.parseDouble(column(csv, "centre", 1)), 0.1, "the median fork");
    }

    /** A footprint's bytes per unit is a difference of heap readings: a fork mean can be negative, and has no log. */
    @Test
    void aNegativeForkMeanFallsBackToTheRawTInterval() {
        List<double[]> forks = List.of(new double[] {-120, -80}, new double[] {40, 60}, new double[] {300});
        Metric bytes = new Metric(40, Double.NaN, ScoreUnit.of("B"), Map.of(), forks);

        ForkInterval interval = withinRun(bytes).orElseThrow();

        double[] means = {-100, 50, 300};
        double half = T_2 * Math.sqrt(StatUtils.variance(means)) * Math.sqrt(2.0 / 3);
        assertFalse(interval.logScale());
        assertEquals(StatUtils.mean(means) - half, interval.low(), 1e-6);
        assertEquals(StatUtils.mean(means) + half, interval.high(), 1e-6);
        assertTrue(Cells.intervals(new IntervalBasis(3, 3, 1, 0, 0, 0, 0.1, 0.1, BetweenRuns.none()))
                .contains("or of the raw values for sizes and counts and where one is not positive"));
    }

    /**
     * A slope of memory over units can sit near zero in one fork and not in another (a virtual
     * thread's native bytes: 0.2 and 25 B): on a log scale the interval ran to 2e19 B.
     */
    @Test
    void aSizeGetsTheRawTIntervalEvenWhenEveryForkMeanIsPositive() {
        List<double[]> forks = List.of(new double[] {0.2}, new double[] {25.3});
        ForkInterval interval = withinRun(new Metric(12.75, Double.NaN, ScoreUnit.of("B"), Map.of(), forks)).orElseThrow();
        assertFalse(interval.logScale());
        double half = 12.706204736174707 * Math.sqrt(StatUtils.variance(new double[] {0.2, 25.3})) * Math.sqrt(2.0 / 2);
        assertEquals(12.75 + half, interval.high(), 1e-6);
    }

    @Test
    void oneForkOrNoRawDataGivesNoInterval() {
        assertTrue(withinRun(new Metric(5, 0.1, ScoreUnit.of("ms/op"), Map.of(), List.of(new double[] {4, 5, 6})))
                .isEmpty());
        assertTrue(withinRun(new Metric(5, 0.1, ScoreUnit.of("ms/op"), Map.of(), List.of())).isEmpty());
    }

    /**
     * The claim the interval is chosen for: a repeat run of the same code lands inside on nine
     * rows in ten or more. Simulated: fork means log-normal around one true value, iterations
     * steady around their fork's mean, as on a quiet machine; the seed is fixed.
     */
    @Test
    void aRepeatRunsScoreLandsInsideOnNineRowsInTen() {
        Random random = new Random(42);
        int rows = 2000;
        int inside = 0;
        int insidePooled = 0;
        for (int row = 0; row < rows; row++) {
            double truth = 1000 * Math.exp(random.nextGaussian());
            Metric run = simulatedRun(random, truth);
            Metric repeat = simulatedRun(random, truth);
            ForkInterval interval = withinRun(run).orElseThrow();
            inside += interval.low() <= repeat.score() && repeat.score() <= interval.high() ? 1 : 0;
            insidePooled += Math.abs(repeat.score() - run.score()) <= run.error() ? 1 : 0;
        }
        assertTrue(inside >= 0.90 * rows && inside <= 0.98 * rows, inside + " of " + rows);
        assertTrue(insidePooled < 0.8 * rows, "JMH's pooled 99.9 % error: " + insidePooled + " of " + rows);
    }

    /** The console gets the headline table in text (benchstat's way), not a sentence per table. */
    @Test
    void reportWithOutputFilesPrintsItsHeadlineTableOnTheConsole() throws IOException {
        Path run = SuiteFixture.write(dir.resolve("run"));

        Fixtures.Run report = Fixtures.analyzer("report", "--format", "all", "--out", dir.resolve("out").toString(),
                run.toString());

        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().contains("the 95 % interval for the mean of a repeat run"), report.out());
        assertTrue(report.out().contains("BatchBenchmark · avgt: every model against the ideal bound: makespan · efficiency"),
                report.out());
        assertTrue(Pattern.compile("(?m)^  model +io, tasks=100 +io, tasks=1000 +cpu, tasks=100 +cpu, tasks=1000$")
                .matcher(report.out()).find(), report.out());
        assertTrue(Pattern.compile("(?m)^  virtual +[0-9.]+ ms · \\d+%").matcher(report.out()).find(), report.out());
        assertFalse(report.out().contains("- "), "no summary sentences: " + report.out());
        assertTrue(report.out().lines().count() <= 9, "a handful of lines: " + report.out());
    }

    /** 3 forks of 10 iterations of 2 ms ± 0.1 % per JVM, the JVMs spread by 2 %, and JMH's pooled 99.9 % error. */
    private static Metric simulatedRun(Random random, double truth) {
        List<double[]> forks = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            double forkMean = truth * Math.exp(0.02 * random.nextGaussian());
            double[] iterations = new double[10];
            Arrays.setAll(iterations, i -> forkMean * (1 + 0.001 * random.nextGaussian()));
            forks.add(iterations);
        }
        double[] all = forks.stream().flatMapToDouble(Arrays::stream).toArray();
        double pooled = new TDistribution(all.length - 1).inverseCumulativeProbability(0.9995)
                * Math.sqrt(StatUtils.variance(all) / all.length);
        return new Metric(StatUtils.mean(all), pooled, ScoreUnit.of("us/op"), Map.of(), forks);
    }

    /**
     * measureAvgTime of JMH's own sample, with three forks of ten iterations each, steady within a
     * fork (±0.1 %) around the given fork means (µs/op), and score and error as JMH computes them.
     */
    private static ArrayNode withForks(double... forkMeans) {
        ArrayNode results = single(Fixtures.tree("modes-1.37.json"));
        ObjectNode entry = (ObjectNode) results.get(0);
        entry.put("forks", forkMeans.length).put("measurementIterations", 10);
        ObjectNode primary = (ObjectNode) entry.get("primaryMetric");
        ArrayNode raw = primary.putArray("rawData");
        List<Double> all = new ArrayList<>();
        for (double mean : forkMeans) {
            ArrayNode fork = raw.addArray();
            for (int i = 0; i < 10; i++) {
                double value = mean * (1 + 0.001 * ((i % 3) - 1));
                fork.add(value);
                all.add(value);
            }
        }
        double[] values = all.stream().mapToDouble(Double::doubleValue).toArray();
        double error = new TDistribution(values.length - 1).inverseCumulativeProbability(0.9995)
                * Math.sqrt(StatUtils.variance(values) / values.length);
        double score = StatUtils.mean(values);
        primary.put("score", score).put("scoreError", error);
        primary.putArray("scoreConfidence").add(score - error).add(score + error);
        return results;
    }

    /** The avgt measureAvgTime entry alone. */
    private static ArrayNode single(ArrayNode results) {
        ArrayNode one = Fixtures.JSON.createArrayNode();
        results.forEach(e -> {
            if (Fixtures.benchmark(AVGT, "avgt").test(e)) {
                one.add(e.deepCopy());
            }
        });
        return one;
    }

    /** The interval from the metric's forks alone, of an avgt result; empty where it has none. */
    static Optional<ForkInterval> withinRun(Metric metric) {
        JmhResult r = new JmhResult("t", "b.C.m", "avgt", 1, metric.forks().size(), new TreeMap<>(), metric, Map.of(),
                Map.of());
        return ForkSeries.of(r, metric, ForkSeries.PRIMARY, Double.NaN)
                .map(s -> ForkInterval.of(s.values(), s.scale(), null));
    }

    private static Report report(Path file) throws InputException {
        return ReportBuilder.build(List.of(ResultSet.read(file)), new ReportBuilder.Options("t", null, "workload", null));
    }

    /** The field of {@code line} under the header {@code name} (no quoted commas in these files). */
    private static String column(List<String> csv, String name, int line) {
        int index = Arrays.asList(csv.get(0).split(",", -1)).indexOf(name);
        assertTrue(index >= 0, name + " not in " + csv.get(0));
        return csv.get(line).split(",", -1)[index];
    }

    /**
     * Run A of the suite (a real run): JMH averaged each latency percentile over all five
     * iterations of a fork, though the profiler reported it in four; the score is 0.8 × the mean
     * of the data, and an interval of that mean would not hold it.
     */
    @Test
    void aScoreThatIsNotTheMeanOfItsIterationsGetsNoInterval() throws Exception {
        Report report = report(SuiteFixture.write(dir));
        for (JmhResult r : report.results()) {
            Metric p50 = r.secondary().get("latency.p50");
            assertTrue(p50.score() < 0.9 * p50.forks().stream().flatMapToDouble(Arrays::stream).average().orElseThrow());
            assertNull(report.estimates().get(p50), r.key().toString());
            assertNotNull(report.estimates().get(r.primary()), "the makespan's score is its iterations' mean");
        }
        Metric sum = ResultReader.read(Fixtures.path("aux-group-1.37.json")).get(0).secondary().get("wows");
        assertTrue(withinRun(sum).isEmpty(), "an events counter's score is the sum of its iterations");
    }

    @Test
    void theSecondaryMetricsGetTheirOwnIntervals() throws Exception {
        Report report = report(Fixtures.path("suite-families-1.37.json"));
        Report.Table bytes = report.tables().stream().filter(t -> "bytesPerUnit".equals(t.secondaryMetric()))
                .findFirst().orElseThrow();
        Report.Cell cell = bytes.rows().get(0).cells().get(0);
        assertEquals(report.estimates().get(cell.metric()).interval(), cell.interval());
        assertNotNull(cell.interval(), "two forks of bytesPerUnit: " + cell.metric().forks().size());
        assertNull(report.estimates().get(null));
    }
}
