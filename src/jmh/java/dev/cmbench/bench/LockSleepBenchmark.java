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
 * How long {@value #WORKERS} unrelated virtual threads (bystanders), each sleeping
 * {@value #BYSTANDER_SLEEP_MICROS} µs outside any lock, take to finish while {@value #WORKERS}
 * workers each enter a lock {@value #SECTIONS} times and sleep {@value #SLEEP_MICROS} µs inside it
 * (blocking I/O under a lock): from the round's start to the last bystander's end. Guards:
 * synchronized, ReentrantLock, and the positive control {@code native-frame} (the same
 * synchronized section entered beneath a native frame); workers on platform or virtual threads.
 *
 * <p>The pitfall is pinning, and what it hurts is everyone else. A virtual thread that blocks
 * while pinned keeps its carrier; before JDK 24 blocking inside {@code synchronized} (or waiting
 * to enter it) pinned, and JDK 24's JEP 491 ended that, but a thread that blocks with a native
 * frame or a class initializer on its stack still pins. The fork runs {@value #CARRIERS} carriers
 * ({@code -Djdk.virtualThreadScheduler.parallelism}, set so that the figure does not depend on the
 * machine's cores): two pinned workers, one sleeping with the lock and one waiting for it, hold
 * them all, and the bystanders cannot even start their sleep.
 *
 * <p>The numbers, worked out. The lock serialises {@code 16 × 2 × 1 ms = 32 ms} of sleep per round
 * (secondary metric {@code lockRound}, ms, from the round's start to the last worker's end).
 * Unpinned, bystanders need their own 1 ms sleep plus a mount each: at least 1 ms. Pinned, they get
 * a carrier only when a worker leaves one for good; virtual threads are scheduled first in, first
 * out and the workers are released first, so that is after about 15 of the 16 workers have done
 * both sections, about 30 ms into the round, plus their 1 ms. Pinned and unpinned are thus about
 * 30 ms apart, against a fork-to-fork spread of tenths of a ms. The earlier version timed the
 * whole round (8.88 ± 0.21 ms with 100 µs sleeps), of which the bystanders needed 0.2 ms, so
 * pinning would have moved it by less than that spread: it could not show pinning.
 *
 * <p>Pinning is also counted, not inferred: secondary metric {@code pinnedEvents}, JFR
 * {@code jdk.VirtualThreadPinned} events per round ({@link PinnedEvents}). The native-frame
 * control on virtual threads must show at least 32 a round (each sleep pins, and so does each
 * contended wait to enter the monitor), so that synchronized and ReentrantLock showing none is a
 * measured contrast and not an absence. Platform threads have no carrier to pin: 0.
 *
 * <p>Excluded: starting the threads (trial set-up); waiting for the workers after the bystanders
 * are done and checking the count (per-invocation tear-down; Level.Invocation costs two
 * timestamps per round, nothing beside milliseconds); starting and stopping the JFR stream
 * (per-iteration set-up and tear-down). The counter incremented in each section is checked after
 * every round.
 *
 * <p>Run just this (the profiler reports {@code lockRound} and {@code pinnedEvents}; the suite adds
 * it itself): {@code java -jar target/benchmarks.jar LockSleepBenchmark -prof dev.cmbench.bench.SecondaryMetricsProfiler}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=" + LockSleepBenchmark.CARRIERS})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class LockSleepBenchmark {

    static final int WORKERS = 16;
    static final int SECTIONS = 2;
    static final long SLEEP_MICROS = 1_000;
    static final long BYSTANDER_SLEEP_MICROS = 1_000;
    static final int CARRIERS = 2;
    private static final Duration SLEEP = Duration.ofNanos(SLEEP_MICROS * 1_000);
    private static final Duration BYSTANDER_SLEEP = Duration.ofNanos(BYSTANDER_SLEEP_MICROS * 1_000);

    @Param({"synchronized", "reentrant", "native-frame"})
    public String kind;

    @Param({"platform", "virtual"})
    public String thread;

    private final Object monitor = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private long count;
    private long rounds;
    private WorkerCrew workers;
    private WorkerCrew bystanders;
    private NativeFrame nativeFrame;
    private PinnedEvents pins;
    private long roundStart;
    private long roundsThisIteration;
    private long lockRoundNanosThisIteration;

    /** The ways to guard the sleeping section. */
    enum Guard implements Named {
        SYNCHRONIZED("synchronized") {
            @Override
            void section(LockSleepBenchmark b) {
                synchronized (b.monitor) {
                    sleep(SLEEP);
                    b.count++;
                }
            }
        },
        REENTRANT("reentrant") {
            @Override
            void section(LockSleepBenchmark b) {
                b.lock.lock();
                try {
                    sleep(SLEEP);
                    b.count++;
                } finally {
                    b.lock.unlock();
                }
            }
        },
        /** The positive control: SYNCHRONIZED's section beneath a native frame, which pins on JDK 25. */
        NATIVE_FRAME("native-frame") {
            @Override
            void section(LockSleepBenchmark b) {
                b.nativeFrame.run();
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
        if (guard == Guard.NATIVE_FRAME) {
            nativeFrame = new NativeFrame(() -> Guard.SYNCHRONIZED.section(this));
        }
        workers = new WorkerCrew("lock-sleep", ThreadKind.named(thread), WORKERS, worker -> {
            for (int i = 0; i < SECTIONS; i++) {
                guard.section(this);
            }
        });
        bystanders = new WorkerCrew("bystander", ThreadKind.VIRTUAL, WORKERS, worker -> sleep(BYSTANDER_SLEEP));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a sleep of the round", e);
        }
    }

    @Setup(Level.Iteration)
    public void startCountingPins() {
        roundsThisIteration = 0;
        lockRoundNanosThisIteration = 0;
        pins = PinnedEvents.start();
    }

    /** Releases the workers, then the bystanders, and returns when the last bystander is done. */
    @Benchmark
    public void bystanders() {
        roundStart = System.nanoTime();
        workers.startRound();
        bystanders.startRound();
        bystanders.awaitRound();
    }

    /** The rest of the round, outside the measurement: the workers finish their sections. */
    @TearDown(Level.Invocation)
    public void awaitLockRound() {
        workers.awaitRound();
        lockRoundNanosThisIteration += System.nanoTime() - roundStart;
        rounds++;
        roundsThisIteration++;
        if (count != rounds * WORKERS * SECTIONS) {
            throw new IllegalStateException(kind + " lost sections: " + count + ", expected " + rounds * WORKERS * SECTIONS);
        }
    }

    @TearDown(Level.Iteration)
    public void reportPins() {
        long events = pins.stop();
        pins.close();
        pins = null;
        if (roundsThisIteration > 0) {
            SecondaryMetricsProfiler.gauge("pinnedEvents", (double) events / roundsThisIteration, "events/round");
            SecondaryMetricsProfiler.gauge("lockRound", lockRoundNanosThisIteration / 1e6 / roundsThisIteration, "ms");
        }
    }

    /** Sections run so far, over all rounds. */
    long sections() {
        return count;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
        bystanders.close();
        if (pins != null) {
            pins.close();
        }
        if (nativeFrame != null) {
            nativeFrame.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
