package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One calibration per run, chosen before the first fork: given, the baseline's, or measured once. */
class SuiteCalibrationTest {

    @TempDir
    Path dir;

    @Test
    void aGivenNumberIsHandedToEveryForkAsItIs() {
        SuiteCalibration chosen = SuiteCalibration.choose("512.5", "");
        assertEquals(512.5, chosen.calibration().unitsPerMicro());
        assertEquals("given: 512.5", chosen.source());
    }

    @Test
    void anEnvJsonIsReusedSoTwoRunsDoTheSameWork() throws IOException {
        Path env = Files.writeString(dir.resolve("env.json"), "{\"unitsPerMicro\": 498.25, \"cores\": 2}");
        SuiteCalibration chosen = SuiteCalibration.choose(env.toString(), "");
        assertEquals(498.25, chosen.calibration().unitsPerMicro());
        assertTrue(chosen.source().startsWith("from "), chosen.source());
    }

    @Test
    void whenGatingTheBaselinesCalibrationIsReusedByDefault() throws IOException {
        Files.writeString(dir.resolve("env.json"), "{\"unitsPerMicro\": 530}");
        Path baseline = Files.writeString(dir.resolve("jmh.json"), "[]");
        SuiteCalibration chosen = SuiteCalibration.choose("", baseline.toString());
        assertEquals(530, chosen.calibration().unitsPerMicro());
        assertTrue(chosen.source().startsWith("from the baseline's "), chosen.source());
    }

    @Test
    void withNothingGivenTheRunnerMeasuresOnce() {
        SuiteCalibration chosen = SuiteCalibration.choose("", "");
        assertTrue(chosen.calibration().unitsPerMicro() > 0);
        assertEquals("measured by the suite runner", chosen.source());
    }

    @Test
    void aBadCalibrationFailsInOneLineBeforeAnythingIsMeasured() throws IOException {
        assertEquals("--calibration is not a calibration (a positive number of units per µs): '-5'",
                assertThrows(IllegalArgumentException.class, () -> SuiteCalibration.choose("-5", "")).getMessage());
        String missing = assertThrows(IllegalArgumentException.class,
                () -> SuiteCalibration.choose(dir.resolve("nosuch.json").toString(), "")).getMessage();
        assertTrue(missing.contains("cannot be read as JSON") && !missing.contains("\n"), missing);
        Path noCalibration = Files.writeString(dir.resolve("other.json"), "{\"cores\": 2}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SuiteCalibration.choose(noCalibration.toString(), ""))
                .getMessage().endsWith("has no numeric unitsPerMicro to reuse"));
    }

    @Test
    void anUnknownParamValueFailsInOneLineBeforeTheFirstFork() {
        Path out = dir.resolve("out");
        RunnerExit.of("--out", out.toString(), "--", "BatchBenchmark", "-p", "model=nosuch")
                .assertRefusedInOneLine("-p model=nosuch: unknown model for BatchBenchmark.makespan; known: platform, ");
        RunnerExit.of("--out", out.toString(), "--", "BatchBenchmark", "-p", "workload=sleep:2ms,compute")
                .assertRefusedInOneLine("-p workload=sleep:2ms: bad custom workload 'sleep:2ms'");
        RunnerExit.of("--out", out.toString(), "--", "LockBenchmark", "-p", "threads=many")
                .assertRefusedInOneLine("-p threads=many: LockBenchmark.");
        assertTrue(Files.notExists(out), "nothing was run or written");
    }

    @Test
    void theRunnerRefusesABadCalibrationOrAMissingBaselineAtOnce() {
        RunnerExit.of("--out", dir.resolve("out").toString(), "--calibration", "nosuch/env.json")
                .assertRefusedInOneLine("nosuch/env.json");
        RunnerExit.of("--out", dir.resolve("out").toString(), "--baseline", "/nonexistent/jmh.json")
                .assertRefusedInOneLine("no baseline at /nonexistent/jmh.json");
        assertTrue(Files.notExists(dir.resolve("out")), "nothing was run or written");
    }
}
