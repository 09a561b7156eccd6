package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/** The fork's environment line: written once, after the last measurement iteration, summing only those. */
class ForkEnvironmentProfilerTest {

    private static final IterationParams WARMUP = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
    private static final IterationParams MEASUREMENT = new IterationParams(IterationType.MEASUREMENT, 2,
            TimeValue.seconds(1), 1);

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(ForkEnvironmentProfiler.LOG_PROPERTY);
    }

    @Test
    void oneLineAfterTheLastMeasurementIterationCountingItsCpuTime() throws Exception {
        Path log = dir.resolve("fork-environment.log");
        System.setProperty(ForkEnvironmentProfiler.LOG_PROPERTY, log.toString());
        ForkEnvironmentProfiler profiler = new ForkEnvironmentProfiler();

        profiler.beforeIteration(null, WARMUP);
        burnCpu(300); // warm-up: not counted
        profiler.afterIteration(null, WARMUP, null);
        long busySpent = 0;
        for (int i = 0; i < 2; i++) {
            profiler.beforeIteration(null, MEASUREMENT);
            busySpent += burnCpu(100);
            assertTrue(profiler.afterIteration(null, MEASUREMENT, null).isEmpty(), "no result: nothing of the benchmark's");
            assertEquals(i == 1, Files.exists(log), "the line comes after the last measurement iteration only");
        }

        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size());
        JsonNode line = new ObjectMapper().readTree(lines.getFirst());
        double own = line.get("ownCpuSeconds").asDouble();
        double tick = ProcCpu.NANOS_PER_TICK / 1e9;
        assertTrue(own >= busySpent / 1e9 - 2 * tick && own < 0.3 + busySpent / 1e9,
                "the two measured iterations' CPU, not the warm-up's: " + line);
        // /proc/stat ticks each CPU on its own, and /proc/<pid>/stat ticks each task: both ends of both counts
        // may be a tick off per CPU and for the process (CI once read 0.18 s of machine beside 0.20 s of its own).
        double slack = 2 * (Runtime.getRuntime().availableProcessors() + 1) * tick;
        assertTrue(line.get("machineBusySeconds").asDouble() >= own - slack, "the machine ran the fork: " + line);
        assertTrue(line.get("machineTotalSeconds").asDouble() >= line.get("machineBusySeconds").asDouble(), line.toString());
    }

    /** Spins on this thread until the process has used {@code millis} more of CPU; returns what it used, ns. */
    private static long burnCpu(long millis) {
        long start = ProcCpu.processTreeNanos();
        long x = 0;
        while (ProcCpu.processTreeNanos() - start < millis * 1_000_000) {
            for (int i = 0; i < 100_000; i++) {
                x += i * 31L ^ x;
            }
        }
        if (x == 42) {
            System.out.println(x);
        }
        return ProcCpu.processTreeNanos() - start;
    }
}
