package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per operation on a shared counter — one increment and one read — when {@code threads}
 * threads of one kind (platform or virtual) hammer it, for each way of guarding it: synchronized,
 * ReentrantLock unfair and fair, ReentrantReadWriteLock, StampedLock with optimistic reads,
 * AtomicLong and LongAdder. The read is where the read-write and stamped locks differ from a
 * plain lock, and where LongAdder pays for its cheap writes.
 *
 * <p>Excluded: starting the workers, which live for the whole trial ({@link WorkerCrew}); each
 * invocation is one round of {@value #OPERATIONS} operations split evenly among them, so the two
 * barriers of a round are amortised over tens of thousands of operations. Pitfalls avoided: the
 * counter must equal rounds × {@value #OPERATIONS} after every round, so a lock that lets an
 * increment slip fails instead of being timed, and the workers' reads are summed and sunk, so
 * they are not dead code.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar LockBenchmark -p threads=4}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 40, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class LockBenchmark {

    static final int OPERATIONS = 1 << 16;

    @Param({"synchronized", "reentrant", "reentrant-fair", "read-write", "stamped-optimistic", "atomic", "adder"})
    public String kind;

    @Param({"platform", "virtual"})
    public String thread;

    @Param({"1", "2", "4", "16"})
    public int threads;

    private LockKind.Counter counter;
    private WorkerCrew crew;
    private long[] readSums;
    private long rounds;

    @Setup(Level.Trial)
    public void setUp() {
        if (threads < 1 || OPERATIONS % threads != 0) {
            throw new IllegalArgumentException("threads must divide " + OPERATIONS + ", got " + threads);
        }
        counter = LockKind.named(kind).create();
        readSums = new long[threads * 8]; // 8 longs apart: one cache line each, no false sharing
        int perWorker = OPERATIONS / threads;
        crew = new WorkerCrew("lock", ThreadKind.named(thread), threads, worker -> {
            long sum = 0;
            for (int i = 0; i < perWorker; i++) {
                counter.increment();
                sum += counter.read();
            }
            readSums[worker * 8] += sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPERATIONS)
    public void incrementAndRead(Blackhole blackhole) {
        crew.runRound();
        rounds++;
        long count = counter.read();
        if (count != rounds * OPERATIONS) {
            throw new IllegalStateException(kind + " lost increments: counter " + count + ", expected "
                    + rounds * OPERATIONS);
        }
        blackhole.consume(readSums);
    }

    /** For tests: the counter's value. */
    long count() {
        return counter.read();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        crew.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
