package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Time for a cancel that does not stop its task to return: {@code CompletableFuture.cancel(true)}
 * of a sleeping task completes the future at once but, as its Javadoc says, does not interrupt.
 * A class of its own, so the report never puts this figure in a table or chart beside
 * {@link CancelBenchmark}'s, which time a task until it has ended.
 *
 * <p>The primary score contains <b>no thread wake-up</b>: the victim sleeps on. The secondary
 * metric {@code tasksLeftRunning} counts the tasks still running right after their cancel
 * returned; every one should be.
 *
 * <p>Excluded: starting the victim and waiting until it sleeps (per-invocation set-up), and
 * interrupting the victim that the cancel left running (per-invocation tear-down), so none piles
 * up. Level.Invocation costs a pair of timestamps per call (tens of ns), which is a large share
 * of a cancel that returns in well under a µs: read this figure as an upper bound. Pitfall
 * avoided: the victim is seen {@code TIMED_WAITING} before the cancel, as in
 * {@link CancelBenchmark}, and the future must report the cancel as done.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar CancelReturnsBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class CancelReturnsBenchmark {

    /** Only kinds that do not interrupt; the others are {@link CancelBenchmark}'s. */
    @Param({"completable-future"})
    public String kind;

    private CancelKind cancel;
    private CancelKind.TaskExecutors executors;
    /** The current victim's task (read by tests). */
    SleepingTask task;
    private CancelKind.Victim victim;

    /** The victim's state at the last cancel. */
    Thread.State stateAtCancel;

    /** Tasks still running right after cancel, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long tasksLeftRunning;
    }

    @Setup(Level.Trial)
    public void setUp() {
        cancel = CancelKind.named(kind, false);
        executors = CancelKind.TaskExecutors.open();
    }

    @Setup(Level.Invocation)
    public void startVictim() throws Exception {
        task = new SleepingTask();
        victim = cancel.start(executors, task, VictimThread.FRESH); // its cancel never reaches the thread
        task.awaitAsleep();
    }

    @Benchmark
    public void cancelReturns(Outcome outcome) {
        stateAtCancel = task.requireAsleep();
        victim.cancelSleeping();
        if (!task.hasEnded()) {
            outcome.tasksLeftRunning++;
        }
    }

    /** The task the cancel did not stop is interrupted here, outside the measurement. */
    @TearDown(Level.Invocation)
    public void endVictim() throws InterruptedException {
        task.end();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (task != null) {
            task.end();
        }
        executors.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
