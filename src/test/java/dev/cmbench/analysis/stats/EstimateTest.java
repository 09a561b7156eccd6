package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.render.Cells;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cell says of a figure from its forks: the median, a fork far from the others named,
 * single shots by their median, and the between-run component that makes an interval hold a run
 * an hour later.
 */
class EstimateTest {

    @TempDir
    Path dir;

    /**
     * Run A of the suite with three forks for every batch, 1 % apart around its score, and the
     * virtual io batch's first fork three times as slow, as one of the structured cpu batch's
     * three forks was (154.6 ms against 54.3 and 52.7): the cell shows the median, names the far
     * fork and its value, gives the forks' mean beside, and the chart rings its dot.
     */
    @Test
    void aForkFarFromTheOthersIsNamedAndDoesNotSetTheCell() throws Exception {
        Path run = SuiteFixture.write(dir);
        ArrayNode results = (ArrayNode) Fixtures.JSON.readTree(run.toFile());
        for (JsonNode entry : results) {
            boolean far = entry.path("params").path("model").asText().equals("virtual")
                    && entry.path("params").path("workload").asText().equals("io")
                    && entry.path("params").path("tasks").asText().equals("100");
            threeForks((ObjectNode) entry, far);
        }
        Files.writeString(run, Fixtures.JSON.writeValueAsString(results));

        Report report = ReportBuilder.build(List.of(ResultSet.read(run)), new ReportBuilder.Options("t", null, "workload", null));
        Report.Cell cell = report.headline().cell(report.headline().tables().get(0), "virtual", "tasks=100");
        Estimate e = cell.estimate();
        double[] forks = e.forks().values();

        assertEquals(0, e.outlierFork(), Arrays.toString(forks));
        assertEquals(Bounds.median(forks), cell.centre(), "the median fork, not the mean the far one drags");
        long others = report.estimates().values().stream().filter(Estimate::hasOutlier).count();
        assertEquals(1, others, "no other figure has a far fork");
        String md = Fixtures.analyzer("report", run.toString()).out();
        String far = "fork 1 of 3 at " + cell.metric().unit().format(forks[0]) + ", far from the others";
        assertTrue(md.contains(far) && md.contains("forks' mean " + cell.metric().unit().format(e.mean())), md);
        String chart = Fixtures.analyzer("report", "--format", "html", run.toString()).out();
        assertEquals(1, ReportTest.count(chart, "class=\"far-fork\""), "one ring on the headline chart");
    }

    /** Three forks of five iterations each, 1 % apart around the score; with {@code far}, the first three times as slow. */
    private static void threeForks(ObjectNode entry, boolean far) {
        ObjectNode primary = (ObjectNode) entry.get("primaryMetric");
        double score = primary.get("score").asDouble();
        ArrayNode raw = primary.putArray("rawData");
        double sum = 0;
        for (int f = 0; f < 3; f++) {
            ArrayNode fork = raw.addArray();
            for (int i = 0; i < 5; i++) {
                double value = score * (0.99 + 0.01 * f) * (far && f == 0 ? 3 : 1);
                fork.add(value);
                sum += value;
            }
        }
        primary.put("score", sum / 15);
        entry.put("forks", 3);
        entry.remove("secondaryMetrics");
    }

    /** A virtual thread's footprint read 6 730 B in one shot of ten and 629 B in the other nine: a fork is its median shot. */
    @Test
    void aSingleShotForkIsTheMedianOfItsShots() {
        Metric bytes = new Metric(1_240, Double.NaN, ScoreUnit.of("B"), Map.of(),
                List.of(new double[] {629, 610, 6_730, 640, 633}, new double[] {620, 631, 628, 650, 611}));
        JmhResult shots = new JmhResult("t", "b.C.m", "ss", 1, 2, new TreeMap<>(), bytes, Map.of(), Map.of());

        ForkSeries series = ForkSeries.of(shots, bytes, ForkSeries.PRIMARY, Double.NaN).orElseThrow();

        assertEquals(List.of(633.0, 628.0), Arrays.stream(series.values()).boxed().toList());
        assertFalse(series.scale().isLog(), "a size: the raw values");
    }

    /**
     * Simulated runs of 60 figures, 3 forks each: every fork off its run's value by 5 % (log
     * scale), every run off the truth by 3 % for each figure and a further 4 % for all of them at
     * once (the host an hour later). Twenty repeat pairs estimate the between-run component (a
     * shift of a whole run is seen once a pair, so few pairs know it poorly); then in 300 new
     * pairs the interval from the forks alone holds the repeat on far fewer than 95 % of the
     * figures, and the between-run interval on about 95 %. The seed is fixed.
     */
    @Test
    void theBetweenRunIntervalHoldsARunAnHourLaterWhereTheWithinRunOneDoesNot() {
        Random random = new Random(7);
        double[] truth = random.doubles(60, 1, 5).map(Math::exp).toArray();
        List<BetweenRuns.Pair> pairs = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            pairs.add(new BetweenRuns.Pair(run(random, truth), run(random, truth)));
        }
        BetweenRuns between = BetweenRuns.estimate(pairs);
        assertEquals(Math.sqrt(0.03 * 0.03 + 0.04 * 0.04), Math.sqrt(between.pooled().variance()), 0.01,
                "σb from twenty pairs: " + Math.sqrt(between.pooled().variance()));

        int checked = 0;
        int insideWithin = 0;
        int insideBetween = 0;
        for (int p = 0; p < 300; p++) {
            ResultSet first = run(random, truth);
            ResultSet second = run(random, truth);
            for (int i = 0; i < truth.length; i++) {
                JmhResult a = first.results().get(i);
                ForkSeries forks = ForkSeries.of(a, a.primary(), ForkSeries.PRIMARY, Double.NaN).orElseThrow();
                JmhResult b = second.results().get(i);
                double repeat = ForkInterval.centre(ForkSeries.of(b, b.primary(), ForkSeries.PRIMARY, Double.NaN)
                        .orElseThrow().values(), forks.scale());
                checked++;
                insideWithin += ForkInterval.of(forks.values(), forks.scale(), null).contains(repeat) ? 1 : 0;
                insideBetween += ForkInterval.of(forks.values(), forks.scale(), between.of(a, ForkSeries.PRIMARY))
                        .contains(repeat) ? 1 : 0;
            }
        }
        double within = (double) insideWithin / checked;
        double betweenRuns = (double) insideBetween / checked;
        assertTrue(within < 0.88, "within a run only: " + within);
        assertTrue(betweenRuns > 0.93 && betweenRuns < 0.98, "between runs: " + betweenRuns);
    }

    /** One simulated run: a shift of the whole run, one of each figure, and three forks around it. */
    private static ResultSet run(Random random, double[] truth) {
        double runShift = 0.04 * random.nextGaussian();
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            double value = truth[i] * Math.exp(runShift + 0.03 * random.nextGaussian());
            List<double[]> forks = new ArrayList<>();
            for (int f = 0; f < 3; f++) {
                forks.add(new double[] {value * Math.exp(0.05 * random.nextGaussian())});
            }
            double score = forks.stream().mapToDouble(f -> f[0]).average().orElseThrow();
            TreeMap<String, String> params = new TreeMap<>(Map.of("figure", Integer.toString(i)));
            results.add(new JmhResult("sim", "sim.SimBenchmark.run", "avgt", 1, 3, params,
                    new Metric(score, Double.NaN, ScoreUnit.of("us/op"), Map.of(), forks), Map.of(), Map.of()));
        }
        return new ResultSet(Path.of("sim.json"), results, dev.cmbench.analysis.read.Environment.none(), false, List.of(),
                Map.of());
    }

    /** The report's command line takes repeat pairs, states both levels, and refuses a pair holding the --repeat run. */
    @Test
    void theReportTakesRepeatPairsAndStatesBothLevels() throws Exception {
        Path a = SuiteFixture.write(dir.resolve("a"));
        Path b = SuiteFixture.write(dir.resolve("b"), "suite-b");
        Path c = SuiteFixture.write(dir.resolve("c"));

        Fixtures.Run report = Fixtures.analyzer("report", "--format", "csv", "--between-runs", a.toString(), b.toString(),
                c.toString());
        Fixtures.Run plain = Fixtures.analyzer("report", "--format", "csv", c.toString());
        Fixtures.Run md = Fixtures.analyzer("report", "--between-runs", a.toString(), b.toString(), c.toString());

        assertEquals(0, report.exitCode(), report.err());
        assertTrue(md.out().contains("for the mean of a repeat run an hour later on the same machine: the spread of this"
                + " run's 2 forks and how far the repeat pairs' runs moved beyond it (a run on another host, such as a cloud"
                + " VM's next boot, can land outside), estimated from"), md.out());
        assertTrue(md.out().contains("within the run alone"), md.out());
        List<String> header = Arrays.asList(report.out().lines().findFirst().orElseThrow().split(","));
        String firstRow = report.out().lines().skip(1).findFirst().orElseThrow();
        String plainRow = plain.out().lines().skip(1).findFirst().orElseThrow();
        double high = Double.parseDouble(firstRow.split(",")[header.indexOf("high")]);
        double highWithin = Double.parseDouble(firstRow.split(",")[header.indexOf("highWithinRun")]);
        assertTrue(high >= highWithin, "between runs holds within: " + high + " vs " + highWithin);
        assertEquals(plainRow.split(",")[header.indexOf("high")], firstRow.split(",")[header.indexOf("highWithinRun")],
                "within the run: the interval of a report without pairs");

        Fixtures.Run refused = Fixtures.analyzer("report", "--between-runs", a.toString(), b.toString(), "--repeat",
                b.toString(), c.toString());
        assertEquals(2, refused.exitCode());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("is the --repeat run and also in --between-runs"), refused.err());
    }
}
