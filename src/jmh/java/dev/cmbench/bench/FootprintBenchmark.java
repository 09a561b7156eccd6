package dev.cmbench.bench;

import dev.cmbench.bench.MemorySlope.BytesPerUnit;
import dev.cmbench.model.LeakCheck;
import dev.cmbench.model.ModelKind;
import dev.cmbench.model.ModelOptions;
import dev.cmbench.workload.Workload;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Memory per live, blocked unit of concurrency — platform thread, virtual thread, child JVM — at
 * {@code units} units: what holding ten thousand waiting connections costs each way.
 *
 * <p><b>Primary score:</b> the time to start {@code units} units and see every one parked (one
 * shot per iteration, in a JVM that has started and ended such units before). <b>Secondary
 * metrics</b> (from {@link SecondaryMetricsProfiler}, which the suite adds): {@code bytesPerUnit},
 * what one more live unit costs, and its parts {@code heapBytesPerUnit},
 * {@code nativeBytesPerUnit} and {@code kernelBytesPerUnit} (what each counts:
 * {@link MemoryReading}). After the timed units end, each shot starts {@code units} units again,
 * untimed, in {@value #STEPS} steps, reads the memory with a quarter, half, three quarters and
 * all of them live, and takes the least-squares slope of memory over the unit count
 * ({@link MemorySlope}). What comes once with the first units falls into the fit's intercept
 * instead of being shared among them, as when the growth was divided by {@code units} (60 KB a
 * platform thread at 100 units, 7.3 KB at 10 000).
 *
 * <p>Pitfalls avoided, each of which moved the readings by more than the units weigh:
 * <ul>
 *   <li>memory that is not the units': the heap is fixed and pre-touched ({@code -Xms} =
 *       {@code -Xmx}, {@code -XX:+AlwaysPreTouch}), so the resident set grows with native memory
 *       only; compiler threads are fixed in number ({@code -XX:-UseDynamicNumberOfCompilerThreads});
 *       a full collection compacts every region ({@code -XX:MarkSweepDeadRatio=0}) and soft
 *       references go at each one ({@code -XX:SoftRefLRUPolicyMSPerMB=0}); a reading follows two
 *       full collections, a quiet JIT and a trim of what malloc holds free
 *       ({@link MemoryReading});</li>
 *   <li>the JIT: the units' code is compiled before the first shot ({@link FootprintKind#prepare}:
 *       interpreted code costs a platform thread 80 KB more stack, a virtual thread's stack chunk
 *       shrinks as its frames move to C1 and C2), and the set-up weighs, unmeasured, for at least
 *       {@code WARM_UP_AT_LEAST} (see {@link #warmUp});</li>
 *   <li>memory that ended units left for reuse: each weighing starts
 *       {@link FootprintKind#baseUnits} units before its counted readings;</li>
 *   <li>an inexact resident set: {@code smaps_rollup}, not {@code VmRSS} ({@link ProcMemory});</li>
 *   <li>memory outside the process: a platform thread's kernel stack and task struct count.
 *       Linux gives those only machine-wide, so another process's threads starting or ending
 *       during a weighing count too: a weighing takes a fraction of a second to a few seconds,
 *       and the figures want a quiet machine.</li>
 * </ul>
 * Each unit parks with a minimal stack, so the figures are a floor for a real blocked task.
 * Child JVMs are capped like the process model's (see {@link #SKIPS}).
 *
 * <p>Three forks of three shots: the report takes each fork's median shot, which one stray shot
 * cannot move (one shot of ten once read 6 730 B for a virtual thread against 629 B in the other
 * nine), and the median of the forks; with two forks, an interval rested on t(1) = 12.7 and ran
 * from 0.00089 to 225 ms. Three shots, not five, to fit a 90-minute publish run (a fork of 10 000
 * platform threads took 144 s with five): in the first full run of 2026-12-02 the two forks'
 * median shots of bytes per unit over their first three shots lay at most 1.4 % apart (over all
 * five, at most 1.3 %) and at most 1.0 % from the medians of five; the means of three shots, which
 * a stray shot moves, lay up to 27 % apart.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar FootprintBenchmark -prof dev.cmbench.bench.SecondaryMetricsProfiler}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:-UseDynamicNumberOfCompilerThreads",
        "-XX:SoftRefLRUPolicyMSPerMB=0", "-XX:MarkSweepDeadRatio=0", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class FootprintBenchmark {

    @Param({"platform", "virtual", "process"})
    public String kind;

    @Param({"100", "1000", "10000"})
    public int units;

    /** Child JVMs at once are capped by memory, as for the process model. */
    public static final SkipRule SKIPS = new SkipRule(List.of("kind", "units"), p -> p.get("kind").equals("process")
            ? ModelKind.PROCESS.cannotRun(Workload.IO, Integer.parseInt(p.get("units")), ModelOptions.defaults())
            : Optional.empty());

    /** Readings a weighing takes, with units × 1/STEPS, 2/STEPS, … all of them live. */
    static final int STEPS = 4;

    /** Compilation during one weighing below which the set-up's weighings stop: small compiles barely move memory. */
    private static final Duration QUIET_JIT = Duration.ofMillis(20);

    /** The set-up weighs at least this long: two of HotSpot's emptyings of its arena chunk pools, 5 s apart. */
    private static final Duration WARM_UP_AT_LEAST = Duration.ofSeconds(10);

    /** The set-up's weighings stop after this even if the JIT is still busy. */
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(30);

    private FootprintKind footprint;
    private FootprintKind.Units live;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SKIPS.refuse(Map.of("kind", kind, "units", Integer.toString(units)));
        if (units < 2) {
            throw new IllegalArgumentException("a slope needs two unit counts or more: units must be 2 or more, got " + units);
        }
        footprint = FootprintKind.named(kind);
        footprint.prepare();
        warmUp();
    }

    /** The timed start begins on a collected heap, so a collection of earlier garbage does not land in it. */
    @Setup(Level.Iteration)
    public void collectGarbage() {
        MemoryReading.heapAfterGc();
    }

    @Benchmark
    @HeadlineMetric("bytesPerUnit")
    public FootprintKind.Units startBlockedUnits() throws Exception {
        live = footprint.start(units);
        return live;
    }

    @TearDown(Level.Iteration)
    public void endAndWeigh() throws Exception {
        if (live != null) {
            live.close();
            live = null;
        }
        BytesPerUnit bytes = weighInSteps(footprint, units);
        SecondaryMetricsProfiler.gauge("bytesPerUnit", bytes.totalBytes(), "B");
        SecondaryMetricsProfiler.gauge("heapBytesPerUnit", bytes.heapBytes(), "B");
        SecondaryMetricsProfiler.gauge("nativeBytesPerUnit", bytes.nativeBytes(), "B");
        SecondaryMetricsProfiler.gauge("kernelBytesPerUnit", bytes.kernelBytes(), "B");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    /**
     * Starts {@code units} units of {@code kind} in {@link #STEPS} steps, reads the memory after
     * each step, ends them all and returns what one more unit costs: the slope of the readings.
     */
    static BytesPerUnit weighInSteps(FootprintKind kind, int units) throws Exception {
        int steps = Math.min(STEPS, units);
        List<FootprintKind.Units> started = new ArrayList<>(steps + 1);
        try {
            started.add(kind.start(kind.baseUnits())); // the counts leave these out: they go into the intercept
            // Not counted either: it gives the kernel time to free units just ended, and what
            // reading itself allocates the first time lands before the counted readings.
            MemoryReading.take(List.of());
            MemorySlope slope = new MemorySlope();
            int count = 0;
            for (int step = 1; step <= steps; step++) {
                int next = units * step / steps;
                started.add(kind.start(next - count));
                count = next;
                slope.add(count, MemoryReading.take(started.stream().flatMap(u -> u.processes().stream()).toList()));
            }
            return slope.bytesPerUnit();
        } finally {
            endAll(started);
        }
    }

    /**
     * Unmeasured weighings for at least {@link #WARM_UP_AT_LEAST}, then until one passes with
     * under {@link #QUIET_JIT} of compilation, or until {@link #WARM_UP_LIMIT}. At least that
     * long because HotSpot keeps the arena chunks that compilations and collections hand back in
     * pools that it empties only every 5 s (ChunkPoolCleaner): the warm-up's compilations give
     * megabytes back up to 5 s after they end, which must happen here rather than in a shot.
     */
    private void warmUp() throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long compiledMillis = Long.MAX_VALUE;
        while ((System.nanoTime() - start < WARM_UP_AT_LEAST.toNanos() || compiledMillis >= QUIET_JIT.toMillis())
                && System.nanoTime() - start < WARM_UP_LIMIT.toNanos()) {
            long before = jit.getTotalCompilationTime();
            weighInSteps(footprint, units);
            compiledMillis = jit.getTotalCompilationTime() - before;
        }
    }

    /** Ends every group of units, even when one fails to end; the first failure is thrown. */
    private static void endAll(List<FootprintKind.Units> started) {
        RuntimeException failure = null;
        for (FootprintKind.Units units : started) {
            try {
                units.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
