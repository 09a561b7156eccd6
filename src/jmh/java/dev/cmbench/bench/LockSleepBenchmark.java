package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * One round of {@value #WORKERS} threads each entering a lock {@value #SECTIONS} times and sleeping
 * {@value #SLEEP_MICROS} µs inside it (blocking I/O under a lock), while {@value #WORKERS}
 * unrelated virtual threads sleep the same total outside any lock; synchronized against
 * ReentrantLock, on platform and on virtual threads.
 *
 * <p>The pitfall this shows is pinning: before JDK 24 a virtual thread that blocked inside
 * {@code synchronized} (or waited to enter one) kept its carrier, so with more such threads than
 * carriers the unrelated virtual threads starved and a round took lock time plus bystander time.
 * JDK 24's JEP 491 lets such a thread release its carrier; on this JDK synchronized should cost
 * what ReentrantLock does. The lock serialises {@value #WORKERS} × {@value #SECTIONS} sleeps, so a
 * round cannot beat {@code 16 × 2 × 100 µs = 3.2 ms}.
 *
 * <p>Excluded: starting the workers and bystanders (trial set-up). The counter incremented in each
 * section is checked after every round.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar LockSleepBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 40, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class LockSleepBenchmark {

    static final int WORKERS = 16;
    static final int SECTIONS = 2;
    static final long SLEEP_MICROS = 100;
    private static final Duration SLEEP = Duration.ofNanos(SLEEP_MICROS * 1_000);

    @Param({"synchronized", "reentrant"})
    public String kind;

    @Param({"platform", "virtual"})
    public String thread;

    private final Object monitor = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private long count;
    private long rounds;
    private WorkerCrew workers;
    private WorkerCrew bystanders;

    /** The two ways to guard the sleeping section. */
    enum Guard implements Named {
        SYNCHRONIZED("synchronized") {
            @Override
            void section(LockSleepBenchmark b) {
                synchronized (b.monitor) {
                    sleep();
                    b.count++;
                }
            }
        },
        REENTRANT("reentrant") {
            @Override
            void section(LockSleepBenchmark b) {
                b.lock.lock();
                try {
                    sleep();
                    b.count++;
                } finally {
                    b.lock.unlock();
                }
            }
        };

        private final String id;

        Guard(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        abstract void section(LockSleepBenchmark benchmark);
    }

    @Setup(Level.Trial)
    public void setUp() {
        Guard guard = Named.lookup(Guard.class, kind);
        workers = new WorkerCrew("lock-sleep", ThreadKind.named(thread), WORKERS, worker -> {
            for (int i = 0; i < SECTIONS; i++) {
                guard.section(this);
            }
        });
        bystanders = new WorkerCrew("bystander", ThreadKind.VIRTUAL, WORKERS, worker -> {
            for (int i = 0; i < SECTIONS; i++) {
                sleep();
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(SLEEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a critical section", e);
        }
    }

    @Benchmark
    public long round() {
        workers.startRound();
        bystanders.startRound();
        workers.awaitRound();
        bystanders.awaitRound();
        rounds++;
        if (count != rounds * WORKERS * SECTIONS) {
            throw new IllegalStateException(kind + " lost sections: " + count + ", expected " + rounds * WORKERS * SECTIONS);
        }
        return count;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
        bystanders.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
