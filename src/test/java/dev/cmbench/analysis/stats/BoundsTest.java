package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.Cells;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each figure is held against in the report: the ideal bound, and the machine's wake-up floor. */
class BoundsTest {

    @TempDir
    Path dir;

    @Test
    void theAnalyzersBoundIsTheSuitesSleepPlusTheCpuShare() throws Exception {
        Path env = Files.writeString(dir.resolve("env.json"), "{\"cores\": 2}");
        var io = new Environment.WorkloadShape(Duration.ofMillis(10), Duration.ofNanos(10_000));
        assertEquals(Optional.of(Duration.ofMillis(15)), Environment.read(env).idealBound(io, 1_000),
                "10 ms of sleep, then 1 000 × 10 µs on 2 cores");
        assertEquals(Optional.empty(), Environment.none().idealBound(io, 1_000), "no cores, no bound");
    }

    @Test
    void aHostFasterThanAtCalibrationDidLessComputeAndTheBoundSaysSo() throws Exception {
        Path env = Files.writeString(dir.resolve("env.json"), "{\"cores\": 2, \"unitsPerMicro\": 500, "
                + "\"forkSpeedsMedian\": 550, \"workloads\": {\"cpu\": {\"sleepMicros\": 0, \"computeMicros\": 110}}}");
        Environment read = Environment.read(env);
        // 110 µs of units at 500/µs, run at 550/µs: 100 µs of compute each.
        assertEquals(Duration.ofNanos(100_000), read.computeDone(Duration.ofNanos(110_000)));
        assertEquals(Duration.ofNanos(110_000), Environment.none().computeDone(Duration.ofNanos(110_000)));
    }

    @Test
    void forksSlowedAtTheirStartDoNotPutTheBoundAboveWhatTheChainDoes() throws Exception {
        Path env = Files.writeString(dir.resolve("env.json"), "{\"cores\": 2, \"unitsPerMicro\": 480, "
                + "\"forkSpeedsUnitsPerMicro\": [404, 430, 441, 450, 457, 458, 463, 470, 478, 479], \"forkSpeedsMedian\": 457.5}");
        // the median would call each 100 µs task 104.9 µs of compute, and 1 000 of them 52.5 ms on 2 cores
        assertEquals(Duration.ofNanos(100_000), Environment.read(env).computeDone(Duration.ofNanos(100_000)),
                "no fork ran faster than the calibration: the nominal compute");
        Path faster = Files.writeString(dir.resolve("env.json"), "{\"cores\": 2, \"unitsPerMicro\": 480, "
                + "\"forkSpeedsUnitsPerMicro\": [500, 510, 520, 530, 540, 550, 560, 570, 580, 600], \"forkSpeedsMedian\": 545}");
        assertEquals(Duration.ofNanos(Math.round(100_000 * 480 / 580.0)), Environment.read(faster).computeDone(
                Duration.ofNanos(100_000)), "forks faster than the calibration: at their upper decile, the 9th of 10");
    }

    @Test
    void forkSpeedsThatAreNotNumbersFailInOneLine() throws Exception {
        Path env = Files.writeString(dir.resolve("env.json"), "{\"forkSpeedsUnitsPerMicro\": [480, \"fast\"]}");
        InputException e = assertThrows(InputException.class, () -> Environment.read(env));
        assertTrue(e.getMessage().contains("forkSpeedsUnitsPerMicro must be an array of numbers"), e.getMessage());
    }

    @Test
    void aFigureThatWakesThreadsIsShownInTheMachinesWakeUps() throws IOException {
        Path results = Files.copy(Fixtures.path("suite-families-1.37.json"), dir.resolve("jmh.json"));
        writeEnvironment(40.0, "dev.cmbench.bench.CancelBenchmark.cancelToGone");

        Fixtures.Run report = Fixtures.analyzer("report", results.toString());

        assertEquals(0, report.exitCode(), report.err());
        String md = report.out();
        // interrupt-virtual: 82.36 µs / 40 µs per wake-up, the run's one probe (an older run's env.json)
        assertTrue(md.contains("2.06 wake-ups of 40.0 µs"), md);
        assertTrue(md.contains("wake-ups = score / one cross-core wake-up of a parked thread, the median of what this"
                + " result's own forks measured after their figures: a scale, not a split"), md);
        assertTrue(md.contains("| machine floor | one cross-core wake-up 40.0 µs, probed once before the first fork"), md);
        assertFalse(md.contains("JVM's"), "no part of a figure is called the JVM's: " + md);
        String lockTable = md.substring(md.indexOf("## LockBenchmark"));
        assertFalse(lockTable.substring(0, lockTable.indexOf("\n## ", 3)).contains("wake-ups"),
                "a benchmark not marked as waking threads gets no wake-up count");
    }

    /** Each result is scaled by the floor its own forks read, not by one probe of the run; the readings are in the CSV. */
    @Test
    void aFigureMadeOfWakeUpsIsScaledByTheFloorItsOwnForksRead() throws IOException {
        Path results = Files.copy(Fixtures.path("suite-families-1.37.json"), dir.resolve("jmh.json"));
        String cancel = "dev.cmbench.bench.CancelBenchmark.cancelToGone";
        writeEnvironment(40.0, cancel);
        ObjectNode env = (ObjectNode) Fixtures.JSON.readTree(dir.resolve("env.json").toFile());
        ArrayNode forks = ((ObjectNode) env.get("machineFloor")).putArray("forks");
        for (double wakeUp : new double[] {20, 24, 22}) {
            ObjectNode fork = forks.addObject().put("benchmark", cancel).put("wakeUpMicros", wakeUp);
            fork.putObject("params").put("kind", "interrupt-virtual");
        }
        forks.addObject().put("benchmark", cancel).put("wakeUpMicros", 90.0).putObject("params").put("kind", "future-pool");
        Fixtures.JSON.writeValue(dir.resolve("env.json").toFile(), env);

        String md = Fixtures.analyzer("report", results.toString()).out();
        List<String> csv = Fixtures.analyzer("report", "--format", "csv", results.toString()).out().lines().toList();

        // interrupt-virtual: 82.36 µs over the median of its own forks' 20, 24 and 22 µs
        assertTrue(md.contains("| interrupt-virtual | 82 µs \\[55, 122\\] (×0.525 · 3.74 wake-ups of 22.0 µs) |"), md);
        assertTrue(md.contains("(×0.879 · 3.45 wake-ups of 40.0 µs)"), "no reading of its forks: the run's: " + md);
        String row = csv.stream().filter(line -> line.contains("interrupt-virtual")).findFirst().orElseThrow();
        assertTrue(row.contains(",22.0,20.0;24.0;22.0,"), "the median and each fork's reading: " + row);
    }

    /**
     * The published full run: on the log of the time, 19 of its 63 batch intervals reached below
     * the ideal bound (event-loop, io, 100 tasks: [9.08, 15.49] ms, under the 10 ms every task
     * sleeps). None does now, and those that would are cut at the bound, which the report says.
     */
    @Test
    void noBatchIntervalReachesBelowItsIdealBound() throws Exception {
        Path published = Path.of("results/2026-11-26-jdk25-2cpu/jmh.json");
        ResultSet run = ResultSet.read(published);
        Report report = ReportBuilder.build(List.of(run), new ReportBuilder.Options("t", null, "workload", null));

        int batches = 0;
        int cut = 0;
        for (JmhResult r : report.results()) {
            OptionalDouble bound = Bounds.idealBoundNanos(r, run.environment());
            Estimate e = report.estimates().get(r.primary());
            if (bound.isEmpty() || e == null) {
                continue;
            }
            batches++;
            cut += e.interval().cutAtBound() ? 1 : 0;
            assertTrue(r.primary().unit().nanosPerOp(e.interval().low()) >= bound.getAsDouble() * (1 - 1e-12),
                    r.key() + ": " + e.interval() + " below " + bound.getAsDouble() + " ns");
        }
        assertEquals(63, batches);
        assertEquals(19, cut, "those that reached below the bound before are cut at it");
        String legend = Cells.intervals(report.intervalBasis());
        assertTrue(legend.contains("never below the physical bound") && legend.contains("reached below it and are cut there"),
                legend);
    }

    /** Sizes and counts are never negative: two forks of 6 and 200 threads do not give an interval from below zero. */
    @Test
    void noIntervalOfASizeOrACountReachesBelowZero() {
        double[] peakThreads = {6, 200};
        ForkInterval count = ForkInterval.of(peakThreads, IntervalScale.choose(false, peakThreads, Double.NaN), null);
        assertEquals(0, count.low());
        assertTrue(count.cutAtBound() && count.high() > 200, count.toString());

        double[] differences = {-6, 200}; // a metric that can be negative has no bound
        ForkInterval difference = ForkInterval.of(differences, IntervalScale.choose(false, differences, Double.NaN), null);
        assertTrue(difference.low() < -6 && !difference.cutAtBound(), difference.toString());
    }

    @Test
    void aMachineFloorWithoutAWakeUpFailsInOneLine() throws IOException {
        Path results = Files.copy(Fixtures.path("suite-families-1.37.json"), dir.resolve("jmh.json"));
        writeEnvironment(-1.0, "x");

        Fixtures.Run report = Fixtures.analyzer("report", results.toString());

        assertEquals(2, report.exitCode());
        assertTrue(report.err().contains("machineFloor.wakeUpMicros must be a positive number"), report.err());
    }

    @Test
    void runsWithDifferentCalibrationsDidDifferentWorkAndAreNotCompared() throws Exception {
        Path a = SuiteFixture.write(dir.resolve("a"));
        Path b = SuiteFixture.write(dir.resolve("b"), "suite-b");
        ObjectNode envA = (ObjectNode) Fixtures.JSON.readTree(a.resolveSibling("env.json").toFile());
        envA.put("calibrationSource", "measured by the suite runner");
        Fixtures.JSON.writeValue(a.resolveSibling("env.json").toFile(), envA);
        ObjectNode env = (ObjectNode) Fixtures.JSON.readTree(b.resolveSibling("env.json").toFile());
        env.put("unitsPerMicro", 480.0);
        env.put("calibrationSource", "given: 480");
        Fixtures.JSON.writeValue(b.resolveSibling("env.json").toFile(), env);

        List<String> differences = EnvironmentCheck.differences(ResultSet.read(a), ResultSet.read(b));

        assertTrue(differences.stream().anyMatch(d -> d.startsWith("compute calibration")), differences.toString());
    }

    private void writeEnvironment(double wakeUpMicros, String waking) throws IOException {
        ObjectNode env = Fixtures.JSON.createObjectNode();
        env.put("cores", 2);
        ObjectNode floor = env.putObject("machineFloor");
        floor.put("wakeUpMicros", wakeUpMicros);
        floor.put("wakeRoundTripCrossCoreMicros", 2 * wakeUpMicros);
        floor.putObject("wakingBenchmarks").put(waking, "the victim, then the benchmark thread");
        Fixtures.JSON.writeValue(dir.resolve("env.json").toFile(), env);
    }
}
