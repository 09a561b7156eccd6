package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.ModelKind;
import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.WorkloadShape;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/** The batch benchmark, run once outside JMH: it does the work and leaves nothing behind. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("rawtypes") // JMH hands results over as raw Result (RunResult, IterationResult)
class BatchBenchmarkTest {

    private static final IterationParams MEASUREMENT = new IterationParams(IterationType.MEASUREMENT, 1,
            TimeValue.seconds(1), 1);

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyModelRunsEveryWorkloadAndChecksItsChecksum(ModelKind kind) throws Exception {
        for (String workload : new String[] {"io", "mixed", "cpu"}) {
            BatchBenchmark benchmark = new BatchBenchmark();
            benchmark.model = kind.id();
            benchmark.workload = workload;
            benchmark.tasks = 20;
            benchmark.poolSize = 0;
            benchmark.tasksPerWorker = 2;
            benchmark.setUp();
            try {
                benchmark.makespan(Blackholes.create()); // throws if the checksum is wrong
                benchmark.makespan(Blackholes.create());
            } finally {
                benchmark.tearDown(); // throws if a thread or process survives
            }
        }
    }

    /**
     * The guard the test above relies on: a batch whose checksum is not the expected one fails the
     * invocation, with both figures. A model that lost a task cannot be built on purpose, so the
     * expectation is made wrong instead (the benchmark's private field, set through reflection).
     */
    @Test
    void aWrongChecksumFailsTheBatchNamingBothFigures() throws Exception {
        BatchBenchmark benchmark = new BatchBenchmark();
        benchmark.model = ModelKind.PLATFORM.id();
        benchmark.workload = "cpu";
        benchmark.tasks = 4;
        benchmark.poolSize = 0;
        benchmark.tasksPerWorker = 2;
        benchmark.setUp();
        try {
            benchmark.makespan(Blackholes.create()); // the right expectation passes
            Field expected = BatchBenchmark.class.getDeclaredField("expectedChecksum");
            expected.setAccessible(true);
            long right = expected.getLong(benchmark);
            expected.setLong(benchmark, right + 1);
            var e = assertThrows(IllegalStateException.class, () -> benchmark.makespan(Blackholes.create()));
            assertEquals("platform returned checksum " + right + ", expected " + (right + 1)
                    + ": a task was skipped or run twice", e.getMessage());
        } finally {
            benchmark.tearDown();
        }
    }

    /**
     * Every batch result carries what its tasks cost in CPU and heap bytes. A task's compute is
     * CPU work, so the CPU time per task cannot be below what the same compute takes on this
     * thread, measured here beside it (half of it allows for the 10 ms steps in which Linux counts
     * the process's time; 20 batches of 100 tasks are hundreds of ms of it). Not against the
     * nominal 100 µs: a calibration taken while the machine is busy makes the tasks shorter.
     */
    @Test
    void aBatchReportsCpuTimeAndBytesPerTask() throws Exception {
        Map<String, Double> metrics = iterationMetrics("virtual", "cpu", 100, 20);
        double computeMicros = computeCpuMicrosPerTask("cpu", 100);
        assertTrue(metrics.get("cpuPerTask") >= computeMicros / 2 && metrics.get("allocPerTask") > 0,
                metrics + "; the compute alone: " + computeMicros + " µs a task");
    }

    /** The CPU time this thread takes to run the tasks' compute, per task, in µs. */
    private static double computeCpuMicrosPerTask(String workload, int tasks) {
        List<SleepComputeTask> batch = WorkloadShape.of(workload).tasks(tasks, Calibration.current());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long checksum = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int round = 0; round < 5; round++) {
            for (SleepComputeTask task : batch) {
                checksum += task.compute();
            }
        }
        double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / (5.0 * tasks);
        return checksum == 42 ? micros + 1 : micros;
    }

    /**
     * The CPU time of a child JVM per task counts the child's own: starting a JVM takes tens of
     * ms of CPU (54 ms a task here), while this JVM's part, spawning it and reading its answer, is
     * a few (6 ms here with the children's time left out).
     */
    @Test
    void aChildJvmsCpuTimeIsCountedInItsTasksCost() throws Exception {
        Map<String, Double> metrics = iterationMetrics("process", "cpu", 4, 2);
        assertTrue(metrics.get("cpuPerTask") > 20_000, metrics.toString());
    }

    @Test
    void forkJoinReportsItsPoolsPeakAndAFixedPoolDoesNot() throws Exception {
        assertTrue(iterationMetrics("fork-join", "mixed", 8, 2).get("poolThreads.peak") >= 2);
        assertFalse(iterationMetrics("fixed-pool", "mixed", 8, 2).containsKey("poolThreads.peak"));
    }

    /** One iteration of {@code batches} batches, its secondary metrics by name. */
    private static Map<String, Double> iterationMetrics(String model, String workload, int tasks, int batches)
            throws Exception {
        BatchBenchmark benchmark = new BatchBenchmark();
        benchmark.model = model;
        benchmark.workload = workload;
        benchmark.tasks = tasks;
        benchmark.tasksPerWorker = 2;
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        benchmark.setUp();
        try {
            profiler.beforeIteration(null, MEASUREMENT);
            benchmark.startIteration();
            for (int i = 0; i < batches; i++) {
                benchmark.makespan(Blackholes.create());
            }
            benchmark.reportIteration();
            return profiler.afterIteration(null, MEASUREMENT, null).stream()
                    .collect(Collectors.toMap(Result::getLabel, Result::getScore));
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void aConfigurationThatCannotBeBuiltSaysWhy() {
        BatchBenchmark benchmark = new BatchBenchmark();
        benchmark.model = "green-threads";
        benchmark.workload = "io";
        benchmark.tasks = 10;
        var e = assertThrows(IllegalArgumentException.class, benchmark::setUp);
        assertTrue(e.getMessage().contains("unknown model 'green-threads'"), e.getMessage());
        benchmark.model = "virtual";
        benchmark.tasks = 0;
        assertThrows(IllegalArgumentException.class, benchmark::setUp);
    }

    /** JDK 23+ javac skips processors found only on the class path; then JMH finds nothing. */
    @Test
    void jmhGeneratedTheBenchmarks() throws IOException {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertTrue(list != null, "no META-INF/BenchmarkList: the JMH annotation processor did not run");
            String benchmarks = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(benchmarks.contains("dev.cmbench.bench.BatchBenchmark"), benchmarks);
        }
    }
}
