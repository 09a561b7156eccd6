package dev.cmbench.bench;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-thread data ({@code threading.local} in the notes): ThreadLocal, InheritableThreadLocal and
 * ScopedValue.
 *
 * <ul>
 *   <li>{@code read}: one read of the value, from a loop of {@value #READS}. The thread-locals are
 *       set once in set-up (on JMH's thread, since the state is per thread); the scoped value is
 *       bound once per invocation around the loop, as it must be, which the loop amortises.
 *       Pitfall: a read loop invites the JIT to hoist the read. Every read is sunk into a
 *       Blackhole (JMH's SafeLooping sample); where the JIT can still hoist it, it can in real
 *       code too — ScopedValue is designed for that — and the figure says so honestly.</li>
 *   <li>{@code carryIntoChild}: making the value readable in a child virtual thread and joining
 *       it; includes the child's start and join, the same for all three. With the whole fork on
 *       one CPU, or on two ({@code cpus}, {@link CpuConfinement}): a read wakes no thread and has
 *       no such parameter.</li>
 * </ul>
 * Both check the value read, so nothing is skipped. The {@code none} kind is the control of
 * both, in the same forks: a plain value read in the same loop, and a bare start + join of the
 * same child handed the value. A carry's own cost is its difference from that bare start + join:
 * two wake-ups of a few µs each on a VM, which vary from minute to minute, dwarf it, so a carry
 * compared with a start + join measured in other forks (another benchmark, another minute) can
 * come out below it.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar ContextBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class ContextBenchmark {

    static final int READS = 1_000;

    @Param({"none", "thread-local", "inheritable-thread-local", "scoped-value"})
    public String kind;

    /** {@code cpus} values this machine cannot confine a fork to. */
    public static final SkipRule SKIPS = CpuConfinement.SKIPS;

    private ContextKind context;
    private final Thread.Builder children = ThreadKind.VIRTUAL.builder("context-child");
    private long value;

    @Setup(Level.Trial)
    public void setUp() {
        context = ContextKind.named(kind);
        value = System.nanoTime(); // not a constant the JIT could fold into the reads
        context.bind(value);
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    @ControlledBy(param = "kind", value = "none")
    public long read(Blackhole blackhole) {
        long sum = context.readLoop(value, READS, blackhole);
        if (sum != value * READS) {
            throw new IllegalStateException(kind + " read the wrong value");
        }
        return sum;
    }

    @Benchmark
    @ControlledBy(param = "kind", value = "none")
    @WakesThreads("the child thread, then the joining parent")
    public long carryIntoChild(CpuConfinement cpus) throws Exception {
        long seen = context.readInChild(value, children);
        if (seen != value) {
            throw new IllegalStateException(kind + ": the child read " + seen + ", not " + value);
        }
        return seen;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.unbind();
    }
}
