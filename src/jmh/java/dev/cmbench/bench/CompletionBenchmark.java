package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/**
 * Time to the first result and to all results of {@value #TASKS} tasks submitted together, where
 * the first submitted is the slowest (task i sleeps ({@value #TASKS} − i) × {@value #STEP_MICROS} µs):
 * the notes' {@code map} (results in submission order) against {@code as_completed}
 * (ExecutorCompletionService), {@code invokeAll} and {@code CompletableFuture.anyOf/allOf}, on a
 * virtual-thread-per-task executor so that every task starts at once.
 *
 * <p>Expected: for the first result, as-completed ways wait for the fastest task (~{@value #STEP_MICROS} µs)
 * and in-order ways for the slowest (~{@value #TASKS} × {@value #STEP_MICROS} µs); for all
 * results, all wait for the slowest. Excluded: waiting, after the measured call, for tasks still
 * running (per-invocation tear-down), so no invocation inherits the last one's work. Pitfall
 * avoided: the results are checked (in order, the first must be task 0; all must be all eight,
 * each once), so a way that returns early with the wrong answer fails. Thread.sleep overshoots by
 * tens of µs on Linux, so "fastest first" is the rule, not a guarantee, and is not asserted.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar CompletionBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class CompletionBenchmark {

    static final int TASKS = 8;
    static final long STEP_MICROS = 200;

    @Param({"in-order", "completion-service", "invoke-all", "any-of"})
    public String kind;

    private CompletionKind completion;
    private ExecutorService executor;
    private final List<Callable<Long>> tasks = new ArrayList<>();
    private final List<Future<?>> running = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        completion = CompletionKind.named(kind);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < TASKS; i++) {
            long index = i;
            Duration sleep = Duration.ofNanos((TASKS - i) * STEP_MICROS * 1_000);
            tasks.add(() -> {
                Thread.sleep(sleep);
                return index;
            });
        }
    }

    @Benchmark
    public long firstResult() throws Exception {
        long first = completion.first(executor, tasks, running).get(0);
        // In order, the first is task 0 by definition. As completed, it is usually the fastest,
        // but a sleep that overshoots by more than the step may let another finish first.
        boolean inOrder = completion == CompletionKind.IN_ORDER || completion == CompletionKind.INVOKE_ALL;
        if (inOrder ? first != 0 : first < 0 || first >= TASKS) {
            throw new IllegalStateException(kind + " gave task " + first + " first");
        }
        return first;
    }

    @Benchmark
    public long allResults() throws Exception {
        List<Long> all = completion.all(executor, tasks, running);
        if (all.size() != TASKS || all.stream().distinct().count() != TASKS) {
            throw new IllegalStateException(kind + " returned " + all);
        }
        return all.stream().mapToLong(Long::longValue).sum();
    }

    @TearDown(Level.Invocation)
    public void awaitStragglers() throws Exception {
        for (Future<?> f : running) {
            f.get();
        }
        running.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
