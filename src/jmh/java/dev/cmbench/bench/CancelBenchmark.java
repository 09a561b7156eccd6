package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
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
 * Time from cancelling a sleeping task to the task being gone (its last line run): the notes'
 * {@code f.cancel()} for the JVM — {@code Future.cancel(true)} on a pool and on a virtual
 * thread, {@code CompletableFuture.cancel}, and interrupting a sleeping platform or virtual thread.
 *
 * <p>Excluded: starting the task and waiting until it sleeps, in a per-invocation set-up.
 * Level.Invocation costs a pair of timestamps per call (tens of ns), small beside a wake-up of
 * tens of µs. {@code completable-future} is the exception that proves the point: its cancel does
 * not interrupt, so it is timed until the future is done, and the secondary metric
 * {@code tasksLeftRunning} counts the tasks still sleeping after cancel (tear-down interrupts them).
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar CancelBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 40, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class CancelBenchmark {

    @Param({"future-pool", "future-virtual", "completable-future", "interrupt-platform", "interrupt-virtual"})
    public String kind;

    private CancelKind cancel;
    private CancelKind.Executors executors;
    private CancelKind.SleepingTask task;
    private CancelKind.Victim victim;

    /** Tasks still running right after cancel, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long tasksLeftRunning;
    }

    @Setup(Level.Trial)
    public void setUp() {
        cancel = CancelKind.named(kind);
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(1,
                ThreadKind.PLATFORM.builder("cancel-pool").factory());
        pool.prestartAllCoreThreads();
        executors = new CancelKind.Executors(pool, Executors.newVirtualThreadPerTaskExecutor());
    }

    @Setup(Level.Invocation)
    public void startVictim() throws InterruptedException {
        task = new CancelKind.SleepingTask();
        victim = cancel.start(executors, task);
        task.sleeping.await();
    }

    @Benchmark
    public void cancelToGone(Outcome outcome) throws InterruptedException {
        victim.cancel();
        if (cancel.interrupts()) {
            task.ended.await();
        } else if (task.ended.getCount() > 0) {
            outcome.tasksLeftRunning++;
        }
    }

    /** A task the cancel did not stop is interrupted here, outside the measurement, so none piles up. */
    @TearDown(Level.Invocation)
    public void endVictim() throws InterruptedException {
        if (task.ended.getCount() > 0) {
            task.thread.interrupt();
            task.ended.await();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shutdown(executors.pool());
        shutdown(executors.virtual());
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdownNow();
        executor.close();
    }
}
