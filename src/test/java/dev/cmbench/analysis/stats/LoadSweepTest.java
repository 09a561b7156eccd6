package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.read.ResultSet;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server family's load steps become throughput-latency curves held against an SLO. The fixture is
 * a real quick sweep of three kinds (platform, event-loop, a fixed pool of two threads) at four rates
 * on io and mixed, measured here, with the env.json that says how long each workload sleeps.
 */
class LoadSweepTest {

    @TempDir
    Path dir;

    private static Path fixture() throws URISyntaxException {
        return Path.of(LoadSweepTest.class.getResource("/load-sweep/jmh.json").toURI());
    }

    private static Report report(OptionalDouble slo) throws Exception {
        return ReportBuilder.build(List.of(ResultSet.read(fixture())),
                new ReportBuilder.Options("t", null, "workload", null, slo));
    }

    private static LoadSweep sweep(Report report, String workload) {
        return report.loadSweeps().stream().filter(s -> s.fixedParams().get("workload").equals(workload)).findFirst()
                .orElseThrow();
    }

    @Test
    void aSweepPerWorkloadACurvePerKindThroughItsRatesInOrder() throws Exception {
        Report report = report(OptionalDouble.empty());

        assertEquals(2, report.loadSweeps().size());
        LoadSweep io = sweep(report, "io");
        assertEquals(List.of("event-loop", "fixed-pool", "platform"),
                io.curves().stream().map(LoadSweep.Curve::label).sorted().toList());
        for (LoadSweep.Curve curve : io.curves()) {
            assertEquals(List.of(1000, 3000, 10000, 30000), curve.points().stream().map(LoadSweep.Point::offeredRate).toList());
        }
        assertEquals(100.0, io.sloMillis().getAsDouble(), 1e-9, "ten sleeps of 10 ms");
        assertEquals(10.0, sweep(report, "mixed").sloMillis().getAsDouble(), 1e-9, "ten sleeps of 1 ms");
    }

    @Test
    void loadStepsAreShownAsCurvesNotAsTablesOfTheirFrame() throws Exception {
        Report report = report(OptionalDouble.empty());
        assertTrue(report.tables().stream().noneMatch(t -> t.title().startsWith("ServerBenchmark")),
                "no table of step wall times or of each secondary metric");
        assertTrue(report.latency().stream().noneMatch(g -> g.title().startsWith("ServerBenchmark")));
        assertEquals(24, report.results().size(), "the results are all still there, for the CSV and the gate");
    }

    @Test
    void capacityIsTheHighestRateThatItAndEveryLowerRateServedWithinTheSlo() throws Exception {
        LoadSweep mixed = sweep(report(OptionalDouble.empty()), "mixed");
        LoadSweep.Capacity fixedPool = curve(mixed, "fixed-pool").capacity(10);
        // Two request threads: 1 000 requests/s within 10 ms (p99 4.6 ms), 3 000 far past it (1.3 s).
        assertEquals(1000, fixedPool.highestWithin().orElseThrow().offeredRate());
        assertEquals(3000, fixedPool.firstBeyond().orElseThrow().offeredRate());
        assertFalse(fixedPool.stoppedByHarness());

        LoadSweep io = sweep(report(OptionalDouble.empty()), "io");
        LoadSweep.Capacity fixedIo = curve(io, "fixed-pool").capacity(100);
        assertTrue(fixedIo.highestWithin().isEmpty(), "two threads cannot serve 1 000/s of 10 ms calls");
        assertEquals(1000, fixedIo.firstBeyond().orElseThrow().offeredRate());
    }

    @Test
    void aMissWhoseGeneratorFellBehindOnlyBoundsTheCapacityFromBelow() throws Exception {
        LoadSweep.Capacity platform = curve(sweep(report(OptionalDouble.empty()), "io"), "platform").capacity(100);
        assertEquals(10000, platform.highestWithin().orElseThrow().offeredRate());
        assertEquals(30000, platform.firstBeyond().orElseThrow().offeredRate());
        assertTrue(platform.stoppedByHarness(), "at 30 000/s the generator fell behind: not the server's miss alone");
    }

    @Test
    void theSloGivenOverridesTenSleeps() throws Exception {
        LoadSweep io = sweep(report(OptionalDouble.of(12.5)), "io");
        assertEquals(12.5, io.sloMillis().getAsDouble(), 1e-9);
        LoadSweep.Capacity platform = curve(io, "platform").capacity(12.5);
        assertEquals(1000, platform.highestWithin().orElseThrow().offeredRate(), "p99 11.4 ms at 1 000/s is within");
        assertEquals(3000, platform.firstBeyond().orElseThrow().offeredRate(), "p99 13.3 ms at 3 000/s is past 12.5 ms");
    }

    @Test
    void withoutEnvJsonThereIsNoSloUnlessOneIsGiven() throws Exception {
        Path copy = dir.resolve("jmh.json");
        Files.copy(fixture(), copy);
        Report report = ReportBuilder.build(List.of(ResultSet.read(copy)), new ReportBuilder.Options("t", null, "workload", null));
        assertTrue(report.loadSweeps().stream().allMatch(s -> s.sloMillis().isEmpty()));
        String md = Fixtures.analyzer("report", copy.toString()).out();
        assertTrue(md.contains("no SLO: env.json does not say how long the workload sleeps; give one with --slo"), md);
    }

    @Test
    void theReportLeadsWithTheChartAndTheCapacityTableAndTheConsoleNamesEachKindsCapacity() throws Exception {
        Path out = dir.resolve("out");
        Fixtures.Run run = Fixtures.analyzer("report", "--format", "all", "--out", out.toString(), fixture().toString());
        assertEquals(0, run.exitCode(), run.err());
        String html = Files.readString(out.resolve("report.html"));
        int section = html.indexOf("<h2>Under load · connections=1000, stepMillis=1000, workload=io</h2>");
        assertTrue(section > 0, "a section per sweep");
        String io = html.substring(section, html.indexOf("</section>", section));
        assertTrue(io.contains("<td>platform</td><td class=\"num\">≥ 10000/s</td>"), io);
        int chart = html.indexOf("<figure id=\"chart-t-Under-load-connections-1000-stepMillis-1000-workload-io\">");
        assertTrue(chart > 0 && chart < section, "its chart opens the page");
        String curves = html.substring(chart, html.indexOf("</figure>", chart));
        assertEquals(3, curves.split("<polyline ", -1).length - 1, "a line per kind");
        assertTrue(curves.contains("stroke-dasharray=\"6 4\"") && curves.contains(">SLO 100 ms<"), "the SLO line");
        assertTrue(Files.exists(out.resolve("charts/load-connections-1000-stepMillis-1000-workload-io.svg")));
        assertTrue(run.out().contains("Under load · connections=1000, stepMillis=1000, workload=io: the highest rate with "
                + "p99 within 100 ms: "), run.out());
        assertTrue(run.out().contains("fixed-pool below 1000/s"), run.out());
    }

    /** A mean of per-step p99s is not a p99: with the run's latency logs, each step's percentiles are the merged ones. */
    @Test
    void withTheRunsLatencyLogsThePercentilesAreThoseOfEveryStepMerged() throws Exception {
        List<Histogram> forks = new ArrayList<>();
        for (int fork = 0; fork < 2; fork++) { // two forks' logs, merged: 99 requests at 5 ms, 1 at 400 ms each
            Histogram step = new Histogram(3);
            step.recordValueWithCount(5_000_000, 99);
            step.recordValue(400_000_000);
            forks.add(step);
        }
        Path run = Fixtures.loadSweepWithLogs(dir.resolve("run"), forks);
        Report report = ReportBuilder.build(List.of(ResultSet.read(run)),
                new ReportBuilder.Options("t", null, "workload", null));
        LoadSweep.Point logged = curve(sweep(report, "io"), "platform").points().get(0);
        assertEquals(1000, logged.offeredRate());
        assertEquals(5.0, logged.p50Millis(), 0.01, "the logged steps, not the metric's 10.2 ms");
        assertEquals(400.0, logged.p999Millis(), 0.5);
    }

    /** Two runs side by side (a CI matrix): each run's steps of a kind are a curve of their own, named by the run. */
    @Test
    void runsSideBySideKeepACurvePerKindAndRun() throws Exception {
        List<ResultSet> runs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Path run = Files.createDirectories(dir.resolve(name));
            Files.copy(fixture(), run.resolve("jmh.json"));
            Files.copy(fixture().resolveSibling("env.json"), run.resolve("env.json"));
            runs.add(ResultSet.read(run.resolve("jmh.json")));
        }
        Report report = ReportBuilder.build(runs, new ReportBuilder.Options("t", null, "workload", null));

        LoadSweep io = sweep(report, "io");
        assertEquals(List.of("event-loop · a/jmh.json", "event-loop · b/jmh.json", "fixed-pool · a/jmh.json",
                "fixed-pool · b/jmh.json", "platform · a/jmh.json", "platform · b/jmh.json"),
                io.curves().stream().map(LoadSweep.Curve::label).sorted().toList());
        for (LoadSweep.Curve curve : io.curves()) {
            assertEquals(List.of(1000, 3000, 10000, 30000), curve.points().stream().map(LoadSweep.Point::offeredRate)
                    .toList(), "one step a rate: " + curve.label());
        }
    }

    private static LoadSweep.Curve curve(LoadSweep sweep, String label) {
        return sweep.curves().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
    }
}
