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
 * mapping, scheduler bookkeeping) or a virtual thread (a continuation the carrier pool mounts) —
 * what {@code thread.start(); thread.join()} of the notes costs on the JVM.
 *
 * <p>Nothing is excluded: creation, start, the run and the join are the subject. Pitfall avoided:
 * the thread writes a value that changes every invocation and the benchmark checks it after the
 * join, so a thread that never ran fails rather than being timed, and nothing is dead code.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar StartJoinBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 40, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class StartJoinBenchmark {

    @Param({"platform", "virtual"})
    public String kind;

    private Thread.Builder builder;
    private long token;

    @Setup(Level.Trial)
    public void setUp() {
        builder = ThreadKind.named(kind).builder("start-join");
    }

    @Benchmark
    @WakesThreads("the started thread, then the joining benchmark thread when it ends")
    public long startJoin() throws InterruptedException {
        long expected = ++token;
        long[] seen = new long[1];
        Thread thread = builder.start(() -> seen[0] = expected);
        thread.join(); // join's happens-before makes the write visible
        if (seen[0] != expected) {
            throw new IllegalStateException("the " + kind + " thread did not run: saw " + seen[0] + ", expected " + expected);
        }
        return seen[0];
    }
}
