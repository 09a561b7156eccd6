package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import dev.cmbench.model.ModelKind;
import dev.cmbench.model.ModelOptions;
import dev.cmbench.workload.Workload;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>One shot per iteration starts {@code units} units and waits until all are blocked; its time
 * is the primary score (spawning them). The secondary metric {@code bytesPerUnit} (reported by
 * {@link SecondaryMetricsProfiler}, which the suite adds) is the growth of this JVM's resident set
 * and of its heap in use after a GC, plus the children's proportional set size, divided by
 * {@code units}; {@code heapBytesPerUnit} and {@code nativeBytesPerUnit} split it. The heap is
 * pre-touched ({@code -XX:+AlwaysPreTouch}) so that the resident set grows only with native
 * memory (thread stacks) and heap objects (virtual thread stacks) are counted once. Child JVMs
 * are capped like the process model's (see {@link #SKIPS}).
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar FootprintBenchmark -prof dev.cmbench.bench.SecondaryMetricsProfiler}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class FootprintBenchmark {

    @Param({"platform", "virtual", "process"})
    public String kind;

    @Param({"100", "1000", "10000"})
    public int units;

    /** Child JVMs at once are capped by memory, as for the process model. */
    public static final SkipRule SKIPS = new SkipRule(List.of("kind", "units"), p -> p.get("kind").equals("process")
            ? ModelKind.PROCESS.cannotRun(Workload.IO, Integer.parseInt(p.get("units")), ModelOptions.defaults())
            : Optional.empty());

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Path STATUS = Path.of("/proc/self/status");

    private FootprintKind footprint;
    private FootprintKind.Units live;
    private long rssBefore;
    private long heapBefore;

    @Setup(Level.Trial)
    public void setUp() {
        SKIPS.refuse(Map.of("kind", kind, "units", Integer.toString(units)));
        footprint = FootprintKind.named(kind);
        footprint.prepare();
    }

    @Setup(Level.Iteration)
    public void measureBefore() throws Exception {
        heapBefore = heapAfterGc();
        rssBefore = FootprintKind.kilobytes(STATUS, "VmRSS:") * 1024;
    }

    @Benchmark
    @HeadlineMetric("bytesPerUnit")
    public FootprintKind.Units startBlockedUnits() throws Exception {
        live = footprint.start(units);
        return live;
    }

    @TearDown(Level.Iteration)
    public void weighAndEnd() throws Exception {
        long heap = heapAfterGc() - heapBefore;
        long rss = FootprintKind.kilobytes(STATUS, "VmRSS:") * 1024 - rssBefore;
        long outside = live.outsideBytes();
        SecondaryMetricsProfiler.gauge("bytesPerUnit", (double) (rss + heap + outside) / units, "B");
        SecondaryMetricsProfiler.gauge("heapBytesPerUnit", (double) heap / units, "B");
        SecondaryMetricsProfiler.gauge("nativeBytesPerUnit", (double) (rss + outside) / units, "B");
        live.close();
        live = null;
    }

    /** Heap in use after a full collection: what the live objects hold. */
    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }
}
