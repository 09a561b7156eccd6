package dev.cmbench.bench;

import dev.cmbench.model.ConcurrencyModel;
import dev.cmbench.model.LatencyRecording;
import dev.cmbench.model.LeakCheck;
import dev.cmbench.model.ModelKind;
import dev.cmbench.model.ModelOptions;
import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.Checksums;
import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.WorkloadShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Makespan of one batch of {@code tasks} sleep-and-compute tasks of a {@code workload} (a named
 * one, or the user's own shape, {@code sleep:2ms+compute:300us}) run by one concurrency
 * {@code model}: from submitting the first task to the last one's checksum.
 *
 * <p>Excluded: JVM start-up, calibration and building the task list (all in the trial set-up; the calibration is the suite's, handed to every fork),
 * and pool start-up (models are built once per trial; the fixed pool pre-starts its threads,
 * the process pool's workers are READY before the first batch, and warm-up iterations let the
 * other pools reach their steady size). Included, because it is the model's own cost: creating
 * a thread per task for {@code platform} and {@code virtual}, and a child JVM per task for
 * {@code process}. Configurations a model cannot run here ({@link #SKIPS}) fail set-up with
 * "skipped by design: reason"; the suite runner leaves them out and lists them.
 *
 * <p>Pitfalls avoided: the checksum of every batch is compared with the expected one computed
 * in set-up, so a model that skips or repeats a task fails instead of being timed, and the
 * compute cannot be dead code; the chain's input is a volatile salt, so it is not constant-folded;
 * the model is closed and checked for leaked threads after each trial.
 *
 * <p>The forks run with {@code --enable-preview}: the {@code structured} model uses
 * {@code StructuredTaskScope}, a preview API in JDK 25. The other models load no preview class,
 * and a fork without the flag runs them (a {@code -jvmArgsAppend} given to JMH replaces this
 * list; pass such options with {@code -jvmArgsPrepend} instead).
 *
 * <p>Each task's latency, from the batch's start (all tasks arrive together) to the task's
 * completion, goes into an HdrHistogram {@link Recorder} (a clock read and a wait-free record per
 * task, small beside a task of 10 µs or more): a task queued for a pool slot counts its wait, so
 * there is no coordinated omission, and every model stamps from the same instant. Every model
 * also signals the end of its batch the same way (one wait on the benchmark thread). The suite's
 * {@link SecondaryMetricsProfiler} turns it into p50 / p99 / p99.9 secondary metrics and logs.
 *
 * <p>Secondary metrics beside the makespan, per iteration: what a task costs in CPU time and heap
 * bytes ({@link TaskCosts}: {@code cpuPerTask}, {@code allocPerTask}), which a makespan on an idle
 * machine hides; and, for a model whose pool grows by itself ({@code fork-join}), the most threads
 * its pool had during a batch ({@code poolThreads.peak}, the iteration's largest).
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar BatchBenchmark -p model=virtual,fixed-pool -p workload=io
 * -prof dev.cmbench.bench.SecondaryMetricsProfiler}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-preview"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
public class BatchBenchmark {

    @Param({"platform", "fixed-pool", "fork-join", "virtual", "completable-future", "async", "event-loop", "structured",
            "coroutines", "process", "process-pool"})
    public String model;

    /** A named workload, or the user's own: {@code -p workload=sleep:2ms+compute:300us} ({@link WorkloadShape#of}). */
    @Param({"io", "mixed", "cpu"})
    public String workload;

    @Param({"100", "1000"})
    public int tasks;

    /** Threads of a pool or workers of a process pool; 0 means one per core. */
    @Param({"0"})
    public int poolSize;

    /**
     * Tasks the parent keeps sent to each process-pool worker, which runs them one at a time: 2,
     * the one it runs and the next waiting, as Python's ProcessPoolExecutor queues calls ahead.
     */
    @Param({"2"})
    public int tasksPerWorker;

    private ConcurrencyModel concurrency;
    private List<SleepComputeTask> batch;
    private long expectedChecksum;
    private final TaskCosts costs = new TaskCosts();
    private int peakPoolThreads;

    /** What a model cannot run here (see {@link ModelKind#cannotRun}): the suite leaves it out. */
    public static final SkipRule SKIPS = new SkipRule(List.of("model", "workload", "poolSize", "tasksPerWorker", "tasks"),
            p -> ModelKind.named(p.get("model")).cannotRun(WorkloadShape.of(p.get("workload")),
                    Integer.parseInt(p.get("tasks")),
                    options(Integer.parseInt(p.get("poolSize")), Integer.parseInt(p.get("tasksPerWorker")))));

    @Setup(Level.Trial)
    public void setUp() {
        SKIPS.refuse(Map.of("model", model, "workload", workload, "poolSize", Integer.toString(poolSize),
                "tasksPerWorker", Integer.toString(tasksPerWorker), "tasks", Integer.toString(tasks)));
        ModelKind kind = ModelKind.named(model);
        WorkloadShape shape = WorkloadShape.of(workload);
        ModelOptions options = options(poolSize, tasksPerWorker);
        batch = shape.tasks(tasks, Calibration.current());
        expectedChecksum = Checksums.expected(batch);
        Recorder latency = LatencyRecording.recorder();
        concurrency = kind.create(options.withLatency(LatencyRecording.into(latency)));
        SecondaryMetricsProfiler.publish(latency);
    }

    /** The model options these parameter values stand for; poolSize 0 means one per core. */
    public static ModelOptions options(int poolSize, int tasksPerWorker) {
        ModelOptions options = ModelOptions.defaults().withTasksPerWorker(tasksPerWorker);
        return poolSize > 0 ? options.withPoolSize(poolSize) : options;
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        peakPoolThreads = 0;
        costs.startIteration();
    }

    @Benchmark
    public void makespan(Blackhole blackhole) throws Exception {
        long checksum = concurrency.runBatch(batch);
        if (checksum != expectedChecksum) {
            throw new IllegalStateException(model + " returned checksum " + checksum + ", expected "
                    + expectedChecksum + ": a task was skipped or run twice");
        }
        costs.batchDone(batch.size());
        OptionalInt peak = concurrency.peakPoolThreads();
        if (peak.isPresent()) {
            peakPoolThreads = Math.max(peakPoolThreads, peak.getAsInt());
        }
        blackhole.consume(checksum);
    }

    @TearDown(Level.Iteration)
    public void reportIteration() {
        costs.reportIteration();
        if (peakPoolThreads > 0) {
            SecondaryMetricsProfiler.gauge("poolThreads.peak", peakPoolThreads, "threads");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        SecondaryMetricsProfiler.withdraw();
        if (concurrency != null) {
            concurrency.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
