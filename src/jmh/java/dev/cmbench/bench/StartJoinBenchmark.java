package dev.cmbench.bench;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start + join of one unit of concurrency: a platform thread (a kernel thread: clone, a stack
 * mapping, scheduler bookkeeping), a virtual thread (a continuation the carrier pool mounts), a
 * subtask of a {@code StructuredTaskScope} (a virtual thread in a scope opened and closed around
 * it), or a Kotlin coroutine ({@code launch} on {@code Dispatchers.Default}, {@code join} from
 * {@code runBlocking}: no thread is created) — what {@code thread.start(); thread.join()} of the
 * notes costs on the JVM, and what its scoped and coroutine forms cost.
 *
 * <p>Nothing is excluded: creation, start, the run and the join are the subject (for the scoped
 * kinds, the scope's opening and closing too). Pitfall avoided: the unit returns a value that
 * changes every invocation and the benchmark checks it after the join, so a unit that never ran
 * fails rather than being timed, and nothing is dead code.
 *
 * <p>{@code cpus} ({@link CpuConfinement}): the whole fork on one CPU, or on two; the two figures side
 * by side are the machine's share of this one, which holds two wake-ups.
 *
 * <p>The forks run with {@code --enable-preview}, which the {@code structured} kind needs.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar StartJoinBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-preview", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class StartJoinBenchmark {

    @Param({"platform", "virtual", "structured", "coroutine"})
    public String kind;

    /** {@code cpus} values this machine cannot confine a fork to. */
    public static final SkipRule SKIPS = CpuConfinement.SKIPS;

    private StartJoinKind.Starter starter;
    private long token;

    /** Takes the fork's CPUs so that JMH confines the fork before a coroutine dispatcher or carrier starts. */
    @Setup(Level.Trial)
    public void setUp(CpuConfinement cpus) {
        starter = StartJoinKind.named(kind).starter();
    }

    @Benchmark
    @WakesThreads("the thread that runs the unit (a new one, or a dispatcher thread for a coroutine), then the "
            + "joining benchmark thread when it ends")
    public long startJoin() throws Exception {
        long expected = ++token;
        long seen = starter.startJoin(expected);
        if (seen != expected) {
            throw new IllegalStateException("the " + kind + " unit did not run: saw " + seen + ", expected " + expected);
        }
        return seen;
    }
}
