package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
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
 * Time from cancelling a sleeping task to the task's end: the notes' {@code f.cancel()} for the
 * JVM, for the kinds that stop the task: {@code Future.cancel(true)} on a pool and on a virtual
 * thread, interrupting a sleeping platform or virtual thread, a sibling's failure in a
 * {@code StructuredTaskScope} ({@code structured}), and {@code Job.cancel()} of a Kotlin
 * coroutine suspended in {@code delay} ({@code coroutine}). {@code CompletableFuture.cancel}
 * does not stop its task; {@link CancelReturnsBenchmark} shows it apart.
 *
 * <p>What the two newer kinds' cancel is, honestly: a scope's owner cannot cancel one subtask,
 * so for {@code structured} the cancel is forking a sibling that throws; the figure then also
 * holds that sibling's start (a new virtual thread, which a carrier must be woken to run) and its
 * failure, before the scope's joiner interrupts the victim. A coroutine suspended in
 * {@code delay} is no sleeping thread: it is "seen asleep" once the dispatcher thread that ran
 * it has let go of it and parked ({@link SleepingTask}), and its end is its own {@code finally},
 * run on a dispatcher thread that the cancel wakes, as a carrier is woken for a virtual thread.
 *
 * <p>Two figures, each naming the thread wake-ups it contains (the report shows the machine's
 * wake-up floor beside them):
 * <ul>
 *   <li>{@code cancelToVictimEnd} (secondary metric, mean, and {@code cancelToVictimEnd.p50}, µs):
 *       from a stamp taken just before {@code cancel} to the stamp the victim takes in its own
 *       {@code finally}. <b>One wake-up</b>: the victim's (the kernel wakes the sleeping platform
 *       thread; for a virtual thread, a carrier thread is woken to mount it; for a coroutine, a
 *       dispatcher thread to resume it). This is the cancel latency. For {@code structured}, two:
 *       first a carrier for the failing sibling, then the victim's (unless the sibling's carrier,
 *       free again, mounts the victim itself).</li>
 *   <li>The primary score, {@code cancelToObservedEnd}: JMH's time for the whole call, until
 *       {@code cancel} has returned and JMH's thread has seen the victim's end. <b>Up to two
 *       wake-ups</b>: the victim's, then JMH's own thread's, parked on the victim's end latch (none
 *       if {@code cancel} returns after the victim has ended: {@code FutureTask.run} spins in
 *       {@code Thread.yield} after the task until the canceller has finished).</li>
 * </ul>
 *
 * <p>The victim's thread is {@code fresh} (started for it in the set-up) or {@code warm} (a
 * pool's long-lived thread), the {@code victim} parameter ({@link VictimThread}): a
 * {@code Future.cancel(true)} is the same interrupt as a {@code Thread.interrupt()}, and a fresh
 * platform thread's wake-up costs more than a warm one's, so comparing a fresh victim with a warm
 * one would measure the thread's freshness, not the cancel. Kinds whose library decides the
 * thread have one column only ({@link #SKIPS}): a structured subtask is always fresh, a coroutine
 * always runs on warm dispatcher threads.
 *
 * <p>Excluded: starting the victim and waiting until it sleeps, in a per-invocation set-up.
 * Level.Invocation costs a pair of timestamps per call (tens of ns), small beside a wake-up of
 * tens of µs. Pitfall avoided: a cancel that lands before the victim sleeps finds the interrupt
 * flag set on entry to {@code sleep} and times a fast path without a wake-up; so the set-up
 * waits until the victim's thread is seen {@code TIMED_WAITING}, the benchmark refuses to
 * cancel a victim in any other state, and the victim must end by its cancel inside its sleep (an
 * {@code InterruptedException}; a coroutine's CancellationException in {@code delay}).
 *
 * <p>{@code cpus} ({@link CpuConfinement}): the whole fork on one CPU, or on two.
 *
 * <p>The forks run with {@code --enable-preview}, which the {@code structured} kind needs.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar CancelBenchmark -prof dev.cmbench.bench.SecondaryMetricsProfiler}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-preview", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class CancelBenchmark {

    /** Only kinds whose cancel stops the task: a cancel that leaves its task running has no end to time. */
    @Param({"future-pool", "future-virtual", "interrupt-platform", "interrupt-virtual", "structured", "coroutine"})
    public String kind;

    /** The victim's thread: started for it ({@code fresh}) or long-lived ({@code warm}). */
    @Param({"fresh", "warm"})
    public String victim;

    /**
     * {@code cpus} values this machine cannot confine a fork to are skipped by design; a kind whose
     * library decides its victim's thread has only that one: the other is no configuration at all,
     * left out unlisted.
     */
    public static final SkipRule SKIPS = new SkipRule(List.of("kind", "victim", "cpus"), CpuConfinement.SKIPS::cannotRun, p -> {
        CancelKind kind = CancelKind.named(p.get("kind"));
        VictimThread thread = VictimThread.named(p.get("victim"));
        return kind.victimThreads().contains(thread) ? Optional.empty()
                : Optional.of(kind.id() + " has no " + thread.id() + " victim: its library decides the thread ("
                        + kind.victimThreads().iterator().next().id() + " only)");
    });

    private CancelKind cancel;
    private CancelKind.TaskExecutors executors;
    /** The current victim's task (read by tests). */
    SleepingTask task;
    private VictimThread victimThread;
    private CancelKind.Victim cancelled;

    /** The stamp taken just before the last cancel, and the victim's state then. */
    long cancelAtNanos;
    Thread.State stateAtCancel;

    /** Cancel-to-victim-end intervals of this iteration, ns; one thread records, so no Recorder is needed. */
    final Histogram victimEnds = new Histogram(3);

    /** Takes the fork's CPUs so that JMH confines the fork before the executors start. */
    @Setup(Level.Trial)
    public void setUp(CpuConfinement cpus) {
        SKIPS.refuse(Map.of("kind", kind, "victim", victim));
        cancel = CancelKind.named(kind, true);
        victimThread = VictimThread.named(victim);
        executors = CancelKind.TaskExecutors.open();
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        victimEnds.reset();
    }

    @Setup(Level.Invocation)
    public void startVictim() throws Exception {
        task = new SleepingTask();
        cancelled = cancel.start(executors, task, victimThread);
        task.awaitAsleep();
    }

    @Benchmark
    @WakesThreads("up to two: the victim (its carrier or dispatcher thread), then the benchmark thread waiting "
            + "for its end; structured first wakes a carrier for the failing sibling")
    @HeadlineMetric("cancelToVictimEnd")
    public void cancelToObservedEnd() throws InterruptedException {
        stateAtCancel = task.requireAsleep();
        cancelAtNanos = System.nanoTime();
        cancelled.cancelSleeping();
        task.awaitEnd();
    }

    /** Checks how the victim ended and records cancel-to-victim-end, outside the measurement. */
    @TearDown(Level.Invocation)
    public void endVictim() throws InterruptedException {
        cancelled.end(task);
        if (!task.interruptedInSleep()) {
            throw new IllegalStateException("expected the victim to end by an interrupt in its sleep; it did not");
        }
        long nanos = task.endedAtNanos() - cancelAtNanos;
        if (nanos <= 0) {
            throw new IllegalStateException("expected the victim's end after the cancel, was " + nanos + " ns from it");
        }
        victimEnds.recordValue(nanos);
    }

    @TearDown(Level.Iteration)
    public void gaugeVictimEnds() {
        if (victimEnds.getTotalCount() > 0) {
            SecondaryMetricsProfiler.gauge("cancelToVictimEnd", victimEnds.getMean() / 1e3, "us");
            SecondaryMetricsProfiler.gauge("cancelToVictimEnd.p50", victimEnds.getValueAtPercentile(50) / 1e3, "us");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (cancelled != null) {
            cancelled.end(task); // a victim left by a failed invocation
        }
        executors.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
