package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import dev.cmbench.model.Shutdown;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
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

/**
 * One round trip of a value between two threads of the same kind (ping sends n, pong answers
 * n + 1) through a {@code SynchronousQueue}, an {@code Exchanger}, or bare
 * {@code LockSupport.park/unpark}; on platform threads (the kernel wakes a sleeping thread) and
 * on virtual threads (the scheduler mounts a parked continuation).
 *
 * <p>Excluded: starting the two threads (set-up). Each invocation releases ping for
 * {@value #ROUND_TRIPS} round trips and waits for it, so that hand-off to and from JMH's own
 * thread is amortised to a thousandth. Pitfall avoided: every reply depends on its request and
 * the final value is checked, so no trip can be skipped or merged; both ends are the same kind
 * of thread, so neither kind is measured against JMH's platform thread.
 *
 * <p>{@code cpus} ({@link CpuConfinement}): the whole fork on one CPU, where a hand-off is a switch on
 * that CPU, or on two, where each one can wake the other vCPU.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar HandoffBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class HandoffBenchmark {

    static final int ROUND_TRIPS = 1_000;

    @Param({"synchronous-queue", "exchanger", "park-unpark"})
    public String kind;

    @Param({"platform", "virtual"})
    public String thread;

    /** {@code cpus} values this machine cannot confine a fork to. */
    public static final SkipRule SKIPS = CpuConfinement.SKIPS;

    private final Semaphore go = new Semaphore(0);
    private final Semaphore done = new Semaphore(0);
    private Thread ping;
    private Thread pong;
    private volatile long value;

    /** Takes the fork's CPUs so that JMH confines the fork before the two threads start. */
    @Setup(Level.Trial)
    public void setUp(CpuConfinement cpus) {
        HandoffKind.Channel channel = HandoffKind.named(kind).open();
        ThreadKind threads = ThreadKind.named(thread);
        pong = threads.builder("handoff-pong").start(() -> {
            try {
                while (true) {
                    channel.answerOne();
                }
            } catch (InterruptedException e) {
                // torn down
            }
        });
        ping = threads.builder("handoff-ping").start(() -> {
            try {
                while (true) {
                    go.acquire();
                    long v = value;
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        v = channel.roundTrip(v);
                    }
                    value = v;
                    done.release();
                }
            } catch (InterruptedException e) {
                // torn down
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    @WakesThreads("two per round trip: the other thread, then this one")
    public long roundTrip() throws InterruptedException {
        long before = value;
        go.release();
        done.acquire();
        long after = value;
        if (after != before + ROUND_TRIPS) {
            throw new IllegalStateException(kind + " on " + thread + " threads lost trips: " + before + " → " + after);
        }
        return after;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Shutdown.interruptAndJoin(List.of(ping, pong));
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
