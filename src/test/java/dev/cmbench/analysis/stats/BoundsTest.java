package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        // interrupt-virtual: 82.36 µs / 40 µs per wake-up
        assertTrue(md.contains("2.06 wake-ups"), md);
        assertTrue(md.contains("wake-ups = score / this machine's cross-core wake-up of a parked thread (40.0 µs"), md);
        assertTrue(md.contains("| machine floor | one cross-core wake-up 40.0 µs"), md);
        String lockTable = md.substring(md.indexOf("## LockBenchmark"));
        assertFalse(lockTable.substring(0, lockTable.indexOf("\n## ", 3)).contains("wake-ups"),
                "a benchmark not marked as waking threads gets no wake-up count");
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
