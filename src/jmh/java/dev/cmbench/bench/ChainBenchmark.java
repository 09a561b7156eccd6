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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per stage of a {@code CompletableFuture} chain (the notes' callbacks): a source
 * {@code supplyAsync} and {@value #STAGES} stages of one kind — {@code thenApply},
 * {@code thenApplyAsync} or {@code whenComplete} — on the common pool or on a
 * virtual-thread-per-task executor, joined at the end.
 *
 * <p>Included: the source task (1/{@value #STAGES} of it per stage) and the join. On 2 cores the
 * common pool has parallelism 1. Where the synchronous stages run depends on timing (in the
 * completing thread or in the caller); that is what a real chain does too. Pitfall avoided: each
 * stage adds one (or counts itself, for whenComplete) and the result is checked, so no stage is
 * dead code.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar ChainBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 40, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class ChainBenchmark {

    static final int STAGES = 16;

    @Param({"then-apply", "then-apply-async", "when-complete"})
    public String kind;

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
    @OperationsPerInvocation(STAGES)
    public long stage() {
        long seed = ++start;
        long seenBefore = observed.get();
        CompletableFuture<Long> future = CompletableFuture.supplyAsync(() -> seed, runOn);
        for (int i = 0; i < STAGES; i++) {
            future = chain.append(future, runOn, observed);
        }
        long result = future.join();
        long observations = observed.get() - seenBefore;
        if (result != chain.expected(seed, STAGES) || chain == ChainKind.WHEN_COMPLETE && observations != STAGES) {
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
