package dev.cmbench.bench;

import dev.cmbench.machine.Affinity;
import java.util.BitSet;
import java.util.List;
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
 * One switch between two parties, in ns: the notes' claim that processes and threads switch
 * through the kernel while coroutines do not, measured for the five pairs of {@link SwitchPair}:
 * two processes over a pipe, two platform threads, two virtual threads, two coroutines, two
 * callbacks of an event loop. The parties pass a value back and forth, a round trip being two
 * switches (A to B, B to A); the score is a batch of {@value #ROUND_TRIPS} round trips over
 * {@code 2 × }{@value #ROUND_TRIPS} switches.
 *
 * <p>{@code cpus=1} ({@link CpuConfinement}): the whole fork on one CPU, so every switch happens on
 * that core: a kernel context switch for processes and platform threads; a user-mode one for the
 * others (a continuation unmounted and another mounted on the one carrier, a coroutine resumed on
 * the one dispatcher thread, a callback taken from the one loop's queue). {@code cpus=2}: the fork
 * on two CPUs, party A's thread pinned to one and B's to the other where they are threads of their
 * own (processes, platform threads, the two loops of the callbacks), so every switch is a wake-up
 * across cores; virtual threads then have two carriers and coroutines a dispatcher of two threads,
 * each pinned to a CPU, and their scheduler puts each resumption where it likes. The two figures
 * side by side are the machine's share: on this VM a wake-up across vCPUs costs microseconds.
 *
 * <p>Excluded: starting the parties (trial set-up; the child JVM of the processes pair too).
 * Included, and small: the benchmark thread hands each batch to party A and waits for it back, two
 * hand-offs per {@code 2 × }{@value #ROUND_TRIPS} switches. Pitfalls avoided: a placement that is
 * not what the row says (the set-up runs a first batch in which each party reads back the CPUs its
 * thread may run on, and its carrier or thread: on one CPU, both parties must be on that CPU and,
 * for the user-mode pairs, on one thread; on two, pinned parties on their own CPUs; anything else
 * fails the trial); a switch that did not happen (B answers every value with its successor, and
 * every batch's end value is checked); dead code (the value is returned).
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar SwitchBenchmark -p pair=coroutines,platform-threads}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class SwitchBenchmark {

    static final int ROUND_TRIPS = 20_000;
    /** The set-up's first batch, in which the parties say where they run. */
    private static final int CHECK_ROUND_TRIPS = 100;

    @Param({"processes", "platform-threads", "virtual-threads", "coroutines", "callbacks"})
    public String pair;

    /** {@code cpus} values this machine cannot confine a fork to. */
    public static final SkipRule SKIPS = CpuConfinement.SKIPS;

    private SwitchPair.Parties parties;
    private long value;

    /** Takes the fork's CPUs, so that JMH confines the fork before the parties start. */
    @Setup(Level.Trial)
    public void setUp(CpuConfinement cpus) throws Exception {
        Affinity affinity = Affinity.ofThisOs().orElseThrow(() -> new IllegalStateException(
                "SwitchBenchmark needs CPU affinity (Linux) to place its parties"));
        BitSet allowed = affinity.of(0).orElseThrow();
        int cpuA = allowed.nextSetBit(0);
        int cpuB = cpus.cpus == 1 ? cpuA : allowed.nextSetBit(cpuA + 1);
        SwitchPair kind = SwitchPair.named(pair);
        SwitchPair.Placement placement = new SwitchPair.Placement(cpus.cpus, cpuA, cpuB, affinity);
        parties = kind.open(placement);
        value = check(parties.roundTrips(0, CHECK_ROUND_TRIPS), 0, CHECK_ROUND_TRIPS);
        placement.misplaced(kind, parties.seen()).ifPresent(why -> {
            parties.close();
            throw new IllegalStateException(why);
        });
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    @WakesThreads("one switch each: on one CPU a context switch there, on two a wake-up across cores")
    public long switchOnce() throws Exception {
        long before = value;
        value = check(parties.roundTrips(before, ROUND_TRIPS), before, ROUND_TRIPS);
        return value;
    }

    private long check(long after, long before, int roundTrips) {
        if (after != before + roundTrips) {
            throw new IllegalStateException(pair + " lost switches: " + before + " → " + after + " over " + roundTrips
                    + " round trips");
        }
        return after;
    }

    /** Where the parties ran in the set-up's first batch (for the tests). */
    List<SwitchPair.Seen> seen() {
        return parties.seen();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (parties != null) {
            parties.close();
        }
    }
}
