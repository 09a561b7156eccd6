package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.bench.MemorySlope.BytesPerUnit;
import dev.cmbench.bench.ProcMemory.SmapsRollup;
import dev.cmbench.model.LeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The footprint's weighing: Linux's figures read right, bytes per unit as a slope that leaves
 * fixed costs out, and kernel tasks (with their memory) that platform threads are and virtual
 * threads are not. Timeouts guard against hangs only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FootprintBenchmarkTest {

    /** /proc/self/smaps_rollup of a shell on this machine. */
    private static final String SMAPS_ROLLUP = """
            55e71baed000-7ffe6f086000 ---p 00000000 00:00 0                          [rollup]
            Rss:                1668 kB
            Pss:                 421 kB
            Pss_Dirty:           112 kB
            Pss_Anon:            112 kB
            Pss_File:            309 kB
            Shared_Clean:       1488 kB
            Private_Dirty:       112 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            """;

    private static final String MEMINFO = """
            MemTotal:       24731648 kB
            Slab:              35952 kB
            SUnreclaim:        18680 kB
            KernelStack:        1352 kB
            PageTables:         1408 kB
            """;

    private static final String SLABINFO = """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
            signal_cache         161    196   1152   14    4 : tunables    0    0    0 : slabdata     14     14      0
            task_struct          107    120   5952    5    8 : tunables    0    0    0 : slabdata     24     24      0
            pid                  504    504    192   21    1 : tunables    0    0    0 : slabdata     24     24      0
            """;

    @AfterEach
    void nothingLeft() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    @Test
    void smapsRollupGivesResidentAndProportionalSetInBytes() {
        SmapsRollup rollup = SmapsRollup.parse(SMAPS_ROLLUP); // Pss_Dirty and friends must not be taken for Pss
        assertEquals(1668 * 1024, rollup.rssBytes());
        assertEquals(421 * 1024, rollup.pssBytes());
    }

    @Test
    void thisJvmsSmapsRollupIsRead() throws Exception {
        SmapsRollup rollup = SmapsRollup.self();
        assertTrue(rollup.pssBytes() > 0 && rollup.pssBytes() <= rollup.rssBytes(), rollup.toString());
        assertTrue(rollup.rssBytes() > 1 << 20, "a JVM holds more than a MiB: " + rollup);
    }

    @Test
    void kernelFiguresAreReadFromMeminfoAndSlabinfo() throws Exception {
        assertEquals(1352 * 1024, ProcMemory.bytes(MEMINFO, "KernelStack:"));
        assertEquals(107L * 5952, ProcMemory.slabBytes(SLABINFO, "task_struct"));
        assertTrue(ProcMemory.kernelStackBytes() > 0, "this JVM's own threads have kernel stacks");
        assertTrue(ProcMemory.taskStructBytes() >= 0);
        assertTrue(ProcMemory.pageTableBytes(ProcessHandle.current().pid()) > 0);
    }

    @Test
    void aMissingFieldIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProcMemory.bytes(MEMINFO, "VmRSS:"));
        assertEquals("no VmRSS: line", e.getMessage());
    }

    /**
     * Fixed costs come with the first unit: nothing at no units, then 1000 + 8192 × n bytes.
     * Dividing the growth by the count, as the benchmark did, charges each unit a share of the
     * 1000: 8202 bytes at 100 units. The slope over the readings at 25 to 100 units is 8192.
     */
    @Test
    void slopeLeavesFixedCostsOutOfBytesPerUnit() {
        long atNoUnits = 0;
        MemorySlope slope = new MemorySlope();
        for (int units = 25; units <= 100; units += 25) {
            long bytes = 1000 + 8192L * units;
            slope.add(units, new MemoryReading(bytes, 2 * bytes, 3 * bytes));
        }
        BytesPerUnit perUnit = slope.bytesPerUnit();
        assertEquals(8192, perUnit.heapBytes(), 1e-6);
        assertEquals(2 * 8192, perUnit.nativeBytes(), 1e-6);
        assertEquals(3 * 8192, perUnit.kernelBytes(), 1e-6);
        assertEquals(6 * 8192, perUnit.totalBytes(), 1e-6);
        double dividedByCount = (1000 + 8192.0 * 100 - atNoUnits) / 100;
        assertEquals(8202, dividedByCount, 1e-9);
    }

    @Test
    void aSlopeNeedsTwoUnitCounts() {
        MemorySlope slope = new MemorySlope();
        slope.add(100, new MemoryReading(1, 1, 1));
        slope.add(100, new MemoryReading(2, 2, 2));
        var e = assertThrows(IllegalStateException.class, slope::bytesPerUnit);
        assertEquals("a slope needs readings at two unit counts or more, got 2 reading(s)", e.getMessage());
        FootprintBenchmark b = new FootprintBenchmark();
        b.kind = "virtual";
        b.units = 1;
        assertThrows(IllegalArgumentException.class, b::setUp);
    }

    /**
     * Each platform thread is a kernel task (with its kernel stack and task struct); a virtual
     * thread is none. Counted in this process's own task list, by the units' names (Linux keeps
     * the first 15 bytes of a thread's name): every platform unit adds one, no virtual unit does.
     */
    @Test
    void platformUnitsAreKernelTasksAndVirtualUnitsAreNot() throws Exception {
        for (FootprintKind kind : List.of(FootprintKind.PLATFORM, FootprintKind.VIRTUAL)) {
            while (kernelTasksNamed(FOOTPRINT_UNIT) > 0) { // released units end a moment after close()
                Thread.sleep(10);
            }
            try (FootprintKind.Units units = kind.start(200)) {
                assertEquals(kind == FootprintKind.PLATFORM ? 200 : 0, kernelTasksNamed(FOOTPRINT_UNIT),
                        kind + ": kernel tasks of 200 units");
            }
        }
    }

    /**
     * The weighing sees the kernel memory those tasks hold: the platform unit's kernel bytes
     * exceed the virtual unit's, compared within one run (the figures are machine-wide, so each
     * is the median of three weighings rather than held against a fixed threshold).
     */
    @Test
    void platformThreadsHoldMoreKernelMemoryThanVirtualThreads() throws Exception {
        double platform = medianKernelBytesPerUnit(FootprintKind.PLATFORM);
        double virtual = medianKernelBytesPerUnit(FootprintKind.VIRTUAL);
        assertTrue(platform > virtual, "platform thread: " + platform + " kernel bytes a unit, virtual: " + virtual);
    }

    /** What Linux keeps of the units' thread names ({@code cmbench-footprint-N}): 15 bytes. */
    private static final String FOOTPRINT_UNIT = "cmbench-footpri";

    /** This process's kernel tasks (threads) whose name starts with {@code prefix}. */
    private static int kernelTasksNamed(String prefix) throws IOException {
        int count = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        count++;
                    }
                } catch (IOException e) {
                    if (Files.exists(task)) {
                        throw e;
                    } // else a task that ended since the listing: its comm reads as gone (ENOENT) or "No such process"
                }
            }
        }
        return count;
    }

    private static double medianKernelBytesPerUnit(FootprintKind kind) throws Exception {
        double[] weighings = new double[3];
        for (int i = 0; i < weighings.length; i++) {
            weighings[i] = FootprintBenchmark.weighInSteps(kind, 200).kernelBytes();
        }
        Arrays.sort(weighings);
        return weighings[1];
    }
}
