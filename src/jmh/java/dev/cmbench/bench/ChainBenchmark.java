package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * One {@code CompletableFuture} chain (the notes' callbacks): a source {@code supplyAsync}, then
 * {@code stages} stages of one kind — {@code thenApply}, {@code thenApplyAsync} or
 * {@code whenComplete} — on the common pool or on a virtual-thread-per-task executor, joined at
 * the end. One operation is one whole chain.
 *
 * <p>The pitfall this avoids: a chain's source is a hand-off to another thread and its join a
 * wake-up of the caller, microseconds on a VM, while a synchronous stage costs tens of
 * nanoseconds; dividing the chain's time by its stages spreads that fixed cost over them, so
 * every kind of stage looked alike. The {@code no-stage} kind is the 0-stage control, the source
 * and the join alone: a stage costs the difference between its chain and the control of the same
 * executor, divided by {@code stages}. On 2 cores the common pool has parallelism 1. Where the
 * synchronous stages run depends on timing (in the completing thread or in the caller); that is
 * what a real chain does too. Each stage adds one (or counts itself, for whenComplete) and the
 * result is checked, so no stage is dead code.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar ChainBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class ChainBenchmark {

    @Param({"no-stage", "then-apply", "then-apply-async", "when-complete"})
    public String kind;

    /**
     * Stages a chain has; the {@code no-stage} control has none, whatever this says. Enough that
     * the stages outweigh the source's hand-off and the join's wake-up and their spread from fork
     * to fork (tens of µs on a VM): with 16, the difference from the control was lost in that
     * spread; with 1 024, a synchronous stage (about 15-20 ns) adds 15-20 µs.
     */
    @Param({"1024"})
    public int stages;

    @Param({"common-pool", "virtual"})
    public String executor;

    /** Where the stages run. */
    enum StageExecutor implements Named {
        COMMON_POOL("common-pool") {
            @Override
            ExecutorService create() {
                return null; // the JDK's, not ours to close
            }
        },
        VIRTUAL("virtual") {
            @Override
            ExecutorService create() {
                return Executors.newVirtualThreadPerTaskExecutor();
            }
        };

        private final String id;

        StageExecutor(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        /** A new executor the benchmark owns, or null for the common pool. */
        abstract ExecutorService create();
    }

    private ChainKind chain;
    private Executor runOn;
    private ExecutorService owned;
    private final AtomicLong observed = new AtomicLong();
    private long start;

    @Setup(Level.Trial)
    public void setUp() {
        chain = ChainKind.named(kind);
        owned = Named.lookup(StageExecutor.class, executor).create();
        runOn = owned != null ? owned : ForkJoinPool.commonPool();
    }

    @Benchmark
    @ControlledBy(param = "kind", value = "no-stage", per = "stages")
    public long chain() {
        long seed = ++start;
        long seenBefore = observed.get();
        CompletableFuture<Long> future = CompletableFuture.supplyAsync(() -> seed, runOn);
        for (int i = 0; i < stages; i++) {
            future = chain.append(future, runOn, observed);
        }
        long result = future.join();
        long observations = observed.get() - seenBefore;
        if (result != chain.expected(seed, stages) || observations != chain.callbacks(stages)) {
            throw new IllegalStateException(kind + " chain gave " + result + " after " + observations + " callbacks");
        }
        return result;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (owned != null) {
            owned.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
