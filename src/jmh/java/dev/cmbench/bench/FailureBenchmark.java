package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

/**
 * Getting a child task's exception to its parent — the notes' "main thread watches the child" —
 * six ways: {@code Future.get}'s ExecutionException, an UncaughtExceptionHandler, a queue the
 * parent takes from (the notes' ExcThread), {@code CompletableFuture} exception handling, a
 * failing subtask of a {@code StructuredTaskScope} ({@code structured}: the owner's join throws
 * it), and a failing child coroutine in a {@code coroutineScope} ({@code coroutine}). Every
 * child but the coroutine is a new virtual thread, so the first four differ only in how the
 * exception travels; the scoped two also open and close their scope per call, as such code does.
 *
 * <p>The control is the success path of the same structure ({@code outcome=returns}): the same
 * child, started and joined the same way, returns a fresh object where it would throw, and the
 * parent receives it by the same path. What a failure costs beyond a success, the exception's
 * construction (its stack trace, captured on the parent's thread, the same for every kind), its
 * throw and its wrapping, is the difference between the two columns; the child's start and its
 * wake-ups are in both.
 *
 * <p>Included: starting the child, making the outcome (an exception, stack trace and all, or a
 * plain object) and the hand-over. Pitfall avoided: the parent must receive the very instance the
 * child threw or returned, checked every time, so a path that loses or swaps it fails
 * (kotlinx.coroutines may pass a parent a copy of an exception made to recover a stack trace;
 * {@link ChildFailure} has no constructor it could copy through).
 *
 * <p>{@code cpus} ({@link CpuConfinement}): the whole fork on one CPU, or on two.
 *
 * <p>The forks run with {@code --enable-preview}, which the {@code structured} kind needs.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar FailureBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-preview", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class FailureBenchmark {

    @Param({"future-get", "uncaught-handler", "queue", "completable-exceptionally", "structured", "coroutine"})
    public String kind;

    /** How the child ends: {@code throws} its failure, or {@code returns} a value, the control. */
    @Param({"throws", "returns"})
    public String outcome;

    /** {@code cpus} values this machine cannot confine a fork to. */
    public static final SkipRule SKIPS = CpuConfinement.SKIPS;

    private FailureKind failure;
    private ExecutorService virtualThreads;
    private final Thread.Builder threads = ThreadKind.VIRTUAL.builder("failure-child");

    /** What the child throws: a fresh instance per invocation, so identity proves it arrived. */
    static final class ChildFailure extends RuntimeException {
        ChildFailure(long sequence) {
            super("child failure " + sequence);
        }
    }

    /** What the child returns on the success path: a fresh instance per invocation, for the same check. */
    record ChildResult(long sequence) {
    }

    private long sequence;
    private boolean throwing;

    /** Takes the fork's CPUs so that JMH confines the fork before the executor starts. */
    @Setup(Level.Trial)
    public void setUp(CpuConfinement cpus) {
        failure = FailureKind.named(kind);
        throwing = switch (outcome) {
            case "throws" -> true;
            case "returns" -> false;
            default -> throw new IllegalArgumentException("unknown outcome '" + outcome + "'; known: throws, returns");
        };
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @Benchmark
    @ControlledBy(param = "outcome", value = "returns")
    @WakesThreads("the thread that runs the child (a new one, or a dispatcher thread for a coroutine), then the parent "
            + "that waits for its outcome")
    public Object childOutcomeToParent() throws Exception {
        long seq = ++sequence;
        Object sent;
        Object received;
        if (throwing) {
            ChildFailure thrown = new ChildFailure(seq);
            sent = thrown;
            received = failure.outcome(() -> {
                throw thrown;
            }, virtualThreads, threads);
        } else {
            ChildResult result = new ChildResult(seq);
            sent = result;
            received = failure.outcome(() -> result, virtualThreads, threads);
        }
        if (received != sent) {
            throw new IllegalStateException(kind + " delivered " + received + " instead of " + sent);
        }
        return received;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        virtualThreads.close();
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }
}
