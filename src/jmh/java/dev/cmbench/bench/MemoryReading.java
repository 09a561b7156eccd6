package dev.cmbench.bench;

import dev.cmbench.bench.ProcMemory.SmapsRollup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The memory that live units are weighed by, read at one moment, in bytes:
 * <ul>
 *   <li>{@code heapBytes}: this JVM's heap in use after a full collection (virtual threads'
 *       stack chunks, every unit's Java objects);</li>
 *   <li>{@code nativeBytes}: this JVM's resident set ({@code Rss}: its proportional set would move
 *       whenever another process maps or drops the same libjvm pages) plus its child processes'
 *       proportional sets ({@code Pss}: libjvm and the AOT cache they share are divided among
 *       them rather than counted once each);</li>
 *   <li>{@code kernelBytes}: kernel stacks and task structs of every thread on the machine, plus
 *       the page tables of this JVM and its children.</li>
 * </ul>
 *
 * <p>Kernel stacks and task structs are machine-wide figures (Linux gives none per process), so
 * a thread that another process starts or ends between two readings is counted too; whoever
 * uses them keeps the readings close together and fits a slope over several.
 */
record MemoryReading(long heapBytes, long nativeBytes, long kernelBytes) {

    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null).toList();
    private static final ObjectName DIAGNOSTIC_COMMAND = diagnosticCommandMBean();
    private static final Duration JIT_PATIENCE = Duration.ofSeconds(2);

    /**
     * Reads after two full collections, once no compilation is in flight, and after malloc's free
     * memory is trimmed; {@code children} are the units' own processes (none for threads).
     */
    static MemoryReading take(List<Process> children) throws IOException {
        long heap = heapAfterGc();
        awaitIdleJit();
        trimNativeHeap();
        long nativeBytes = SmapsRollup.self().rssBytes();
        long kernelBytes = ProcMemory.kernelStackBytes() + ProcMemory.taskStructBytes()
                + ProcMemory.pageTableBytes(ProcessHandle.current().pid());
        for (Process child : children) {
            nativeBytes += SmapsRollup.of(child.pid()).pssBytes();
            kernelBytes += ProcMemory.pageTableBytes(child.pid());
        }
        return new MemoryReading(heap, nativeBytes, kernelBytes);
    }

    /**
     * Heap in use after a full collection: what the live objects hold. Read as each heap pool's
     * usage at the end of the collection, not as its usage now: the first allocation after it
     * (this very reading's) takes a new TLAB, and a TLAB counts as used as a whole, at a size the
     * JVM adapts as it goes.
     */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : HEAP_POOLS) {
            used += pool.getCollectionUsage().getUsed();
        }
        return used;
    }

    /**
     * Waits, at most {@link #JIT_PATIENCE}, until no method is being compiled or queued for it:
     * a compilation holds megabytes of arena while it runs, and hands them back when it ends.
     */
    private static void awaitIdleJit() {
        long deadline = System.nanoTime() + JIT_PATIENCE.toNanos();
        while (diagnosticCommand("compilerQueue").contains("::") && System.nanoTime() < deadline) { // a method is named
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * HotSpot's {@code System.trim_native_heap} (glibc's {@code malloc_trim}): memory the JVM has
     * freed but glibc keeps for later, such as the arena chunks HotSpot's pools give up every
     * 5 s, goes back to the OS, so that the resident set counts what is in use rather than what
     * was once used.
     */
    private static void trimNativeHeap() {
        diagnosticCommand("systemTrimNativeHeap");
    }

    /** Runs one of HotSpot's diagnostic commands (those of jcmd) by its MBean operation name; returns its output. */
    private static String diagnosticCommand(String operation) {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(DIAGNOSTIC_COMMAND, operation,
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("diagnostic command " + operation + " failed: " + e, e);
        }
    }

    private static ObjectName diagnosticCommandMBean() {
        try {
            return new ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }
}
