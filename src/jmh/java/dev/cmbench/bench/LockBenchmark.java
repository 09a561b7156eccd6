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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Time per operation on a shared counter — one increment, with one lock acquisition or one
 * atomic update — when {@code threads} threads of one kind (platform or virtual) hammer it, for
 * each way of guarding it ({@link LockKind}): synchronized, ReentrantLock unfair and fair, the
 * write locks of ReentrantReadWriteLock and StampedLock, AtomicLong, and LongAdder write-mostly
 * ({@code adder}) and read after every increment ({@code adder-sum}).
 *
 * <p><b>The figure is the secondary metric {@code nsPerOp}</b> ({@code secondaryMetrics.nsPerOp}
 * in jmh.json, from {@link SecondaryMetricsProfiler}, which the suite always adds): for each
 * iteration, the time its rounds ran over the operations done in them, all workers together. The
 * primary score is the length of one round in ms, {@code roundMillis} or a little more, and says
 * nothing about the lock: JMH divides by a fixed count of operations per call, and a time-boxed
 * round's count is known only when it ends.
 *
 * <p>ns per operation says how fast the counter moved, not who moved it: a lock that lets one
 * thread run while the others park scores near its one-thread figure. So every iteration also
 * reports how its rounds' operations were shared ({@link RoundLog}): {@code workerShare.fewest}
 * and {@code workerShare.most}, the fewest and most operations one worker did as a share of an
 * even split, and {@code workersRan}, the workers that began before the stop flag.
 *
 * <p>How a round runs ({@link TimeBoxedRounds}): the workers are released together and each
 * repeats its operation until a stop flag set {@code roundMillis} later, counting its own
 * operations; the round's time runs from the first worker's first operation, which it stamps, to
 * the flag. Excluded: starting the workers (trial set-up), the barriers around a round, and the
 * drain after the flag. Pitfalls avoided: rounds shorter than a scheduler slice (fixed shares of
 * 65 536 operations gave a worker 60-120 µs at 16 threads, over before the OS had switched threads
 * once, and the barriers' wake-ups added 25 % to AtomicLong); a tail in which fast workers have
 * done their share and the rest run uncontended (all run until the same flag); a lock that lets
 * an increment slip (the counter must equal the operations the workers counted, after every
 * round); dead code (what the operations read is summed and sunk); and two lock sections per
 * operation, which the JIT may merge into one (lock coarsening) for {@code synchronized} but not
 * for a {@code ReentrantLock}: one section per operation, in every kind. (Sections of successive
 * operations could still be merged once the loop is unrolled; an A/B run against
 * {@code -XX:-EliminateLocks}, {@code -Dbench.againstJvmArgs=-XX:-EliminateLocks}, shows whether
 * that happens: results/README.md, "The notes' questions, answered for the JVM", gives the
 * measured answer.)
 *
 * <p>Two regimes (an uncontended StampedLock has run at about 20 and at 7.5 ns/op within one
 * fork): every iteration also reports its fastest and its slowest round, {@code roundNsPerOp.min}
 * and {@code roundNsPerOp.max}, which JMH combines by min and by max, not by mean, so the result
 * shows the fastest and the slowest round of the run beside the mean; their raw data keep each
 * iteration's. When the third quartile of a fork's measured rounds is 1.5 × the first or more
 * ({@link RoundLog}), the fork also says so on its console, with both quartiles.
 *
 * <p>Threads come from {@code -p threads=N}; JMH's own {@code -t} is refused (its threads would
 * run rounds on top of each other over one counter). On virtual threads, which are not
 * time-sliced, a worker that never blocks (AtomicLong, LongAdder, a lock it finds free) keeps its
 * carrier until the flag: at most as many contend at once as there are carriers, which
 * {@code workersRan} shows.
 *
 * <p>Run just this:
 * {@code java -jar target/benchmarks.jar LockBenchmark -prof dev.cmbench.bench.SecondaryMetricsProfiler -p threads=4}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
// An iteration ends with the round under way at its end: 200 ms iterations hold about two 100 ms
// rounds, 20 measured rounds a fork; the quick plan's 100 ms iterations one each, 10 a fork.
// Ten iterations, not the others' twenty, to fit a 90-minute publish run: forks, not rounds, make
// the spread here. In the full run of 2026-12-02 two forks' nsPerOp lay 9.4 % apart (median of 64
// results); the means of their first ten iterations 11.2 %, and 1.17 times as far (median ratio).
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class LockBenchmark {

    @Param({"synchronized", "reentrant", "reentrant-fair", "read-write", "stamped", "atomic", "adder", "adder-sum"})
    public String kind;

    @Param({"platform", "virtual"})
    public String thread;

    @Param({"1", "2", "4", "16"})
    public int threads;

    /** Long enough for the OS to switch threads many times within a round (a slice is a few ms). */
    @Param({"100"})
    public int roundMillis;

    private LockKind.Counter counter;
    private TimeBoxedRounds rounds;
    private Duration length;
    private long countedOperations;
    private RoundLog log;
    private int measuredIterations;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams jmh) {
        setUp(jmh.getThreads());
    }

    /** @param jmhThreads JMH's thread count, {@code -t} */
    void setUp(int jmhThreads) {
        if (jmhThreads != 1) {
            throw new IllegalArgumentException("LockBenchmark starts its own workers: use -p threads=N, not JMH's -t "
                    + jmhThreads + " (its " + jmhThreads
                    + " threads would run rounds on top of each other over one counter)");
        }
        if (roundMillis < 1) {
            throw new IllegalArgumentException("roundMillis must be at least 1, got " + roundMillis);
        }
        length = Duration.ofMillis(roundMillis);
        counter = LockKind.named(kind).create();
        log = new RoundLog();
        LockKind.Counter shared = counter;
        rounds = new TimeBoxedRounds("lock", ThreadKind.named(thread), threads, shared::increment);
    }

    @Benchmark
    @HeadlineMetric("nsPerOp")
    public TimeBoxedRounds.Round round(Blackhole blackhole) throws InterruptedException {
        TimeBoxedRounds.Round round = rounds.run(length);
        countedOperations += round.operations();
        long count = counter.count();
        if (count != countedOperations) {
            throw new IllegalStateException(kind + " lost increments: counter " + count + ", expected "
                    + countedOperations + " (the increments the workers counted)");
        }
        log.add(round);
        blackhole.consume(round.reads());
        return round;
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        startIteration(iteration.getType() == IterationType.MEASUREMENT);
    }

    void startIteration(boolean measurement) {
        log.startIteration(measurement);
    }

    /** Reports the iteration's figure and extreme rounds; after a fork's last one, whether it had two regimes. */
    @TearDown(Level.Iteration)
    public void reportIteration(IterationParams iteration) {
        reportIteration(log.measuring() && ++measuredIterations == iteration.getCount());
    }

    void reportIteration(boolean lastOfFork) {
        log.reportIteration();
        if (lastOfFork && log.twoRegimes()) {
            System.out.printf("LockBenchmark %s, %s threads=%d: two regimes in this fork: a quarter of its %d rounds "
                    + "at %.2f ns/op or less, a quarter at %.2f or more; nsPerOp is their mean%n",
                    kind, thread, threads, log.measuredRounds(), log.p25(), log.p75());
        }
    }

    /** For tests: the counter's value. */
    long count() {
        return counter.count();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rounds.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
