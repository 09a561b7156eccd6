package dev.cmbench.server;

import dev.cmbench.load.ProcessCpu;
import java.lang.management.ManagementFactory;

/**
 * What a server has used so far: CPU time (ns) and heap bytes allocated, over every thread of its
 * JVM, the JIT compiler and the garbage collector included, since that is what the server costs the
 * machine. Differences of two readings give a step's share.
 */
public record ServerUsage(long cpuNanos, long allocatedBytes) {

    /** This JVM's whole use: its process CPU time and the heap bytes all its threads have allocated. */
    public static ServerUsage ofThisJvm() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return new ServerUsage(ProcessCpu.nanos(), threads.getTotalThreadAllocatedBytes());
    }

    public ServerUsage plus(ServerUsage other) {
        return new ServerUsage(cpuNanos + other.cpuNanos, allocatedBytes + other.allocatedBytes);
    }

    public ServerUsage minus(ServerUsage earlier) {
        return new ServerUsage(cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes);
    }
}
