package dev.cmbench.load;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The CPU time this process has used, every thread's (ended ones, the JIT's and the collector's
 * included), in nanoseconds, read with {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} through the
 * FFM API. The JDK's {@code OperatingSystemMXBean.getProcessCpuTime()} counts in scheduler ticks
 * here (10 ms: a 1 000-request step read 70, 90 or 110 µs a request and nothing between), too
 * coarse for a one-second step; it is the fallback where the native call is not possible.
 */
public final class ProcessCpu {

    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final Optional<MethodHandle> CLOCK_GETTIME = lookUp();

    private ProcessCpu() {
    }

    public static long nanos() {
        if (CLOCK_GETTIME.isPresent()) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment timespec = arena.allocate(2 * Long.BYTES);
                if ((int) CLOCK_GETTIME.get().invokeExact(CLOCK_PROCESS_CPUTIME_ID, timespec) == 0) {
                    return timespec.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + timespec.get(ValueLayout.JAVA_LONG, Long.BYTES);
                }
            } catch (Throwable e) {
                // fall back below
            }
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Optional<MethodHandle> lookUp() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
