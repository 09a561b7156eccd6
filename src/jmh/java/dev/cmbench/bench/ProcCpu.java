package dev.cmbench.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * CPU time as Linux counts it: this JVM's with its child processes', and the whole machine's
 * from {@code /proc/stat}, in nanoseconds.
 *
 * <p>{@code /proc} counts in clock ticks of {@code USER_HZ}, which Linux fixes at 100 a second on
 * x86-64 and arm64 ({@code getconf CLK_TCK}): 10 ms steps, and the JVM's own process CPU time
 * comes from {@code times(2)}, in the same steps. A reading is a cumulative counter, so the step
 * errs once per difference of two readings, not once per tick counted: over a measurement
 * iteration of hundreds of ms, a few per cent of a busy iteration's figure, and the errors of
 * many iterations average out.
 */
final class ProcCpu {

    static final long NANOS_PER_TICK = 10_000_000L;
    // Fields of /proc/<pid>/stat counted from the state, the first after the command's closing parenthesis.
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;
    private static final Path STAT = Path.of("/proc/stat");
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcCpu() {
    }

    /**
     * CPU time, user and system, that this JVM (every thread of it) and its child processes have
     * used: its own, that of children it has reaped ({@code cutime}, {@code cstime}), and that of
     * descendants alive now. A child that dies moves from the last to the second once reaped, so
     * a difference of two readings counts it once.
     */
    static long processTreeNanos() {
        long nanos = OS.getProcessCpuTime();
        long[] self = stat(Path.of("/proc/self/stat"));
        nanos += (self[CUTIME] + self[CSTIME]) * NANOS_PER_TICK;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            long[] stat = stat(Path.of("/proc", Long.toString(child.pid()), "stat"));
            nanos += (stat[UTIME] + stat[STIME]) * NANOS_PER_TICK;
        }
        return nanos;
    }

    /** The fields of {@code /proc/<pid>/stat} after its command name; zeros for a process already gone. */
    private static long[] stat(Path file) {
        try {
            return statFields(Files.readString(file));
        } catch (NoSuchFileException e) {
            return new long[CSTIME + 1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a {@code /proc/<pid>/stat} line: the command may hold spaces and parentheses, so fields start after the last ')'. */
    static long[] statFields(String line) {
        String[] fields = line.substring(line.lastIndexOf(')') + 2).strip().split(" ");
        long[] values = new long[CSTIME + 1];
        for (int i = 1; i <= CSTIME; i++) { // field 0 is the state, a letter
            values[i] = Long.parseLong(fields[i]);
        }
        return values;
    }

    /**
     * The machine's CPU time so far, all CPUs together, from the first line of {@code /proc/stat}.
     *
     * @param busyNanos  user, nice, system, irq and softirq time: what programs and the kernel ran
     * @param stealNanos time the hypervisor ran something else while this VM wanted a CPU
     * @param totalNanos all of the above, idle and iowait too: the CPUs' wall-clock time
     */
    record Machine(long busyNanos, long stealNanos, long totalNanos) {

        static Machine now() {
            try {
                return parse(Files.readAllLines(STAT).getFirst());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + STAT + ": " + e.getMessage(), e);
            }
        }

        /** {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}; guest time is inside user. */
        static Machine parse(String cpuLine) {
            String[] f = cpuLine.strip().split("\\s+");
            if (!f[0].equals("cpu")) {
                throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
            }
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq;
            return new Machine(busy * NANOS_PER_TICK, steal * NANOS_PER_TICK,
                    (busy + idle + iowait + steal) * NANOS_PER_TICK);
        }

        /** What happened between {@code earlier} and this reading. */
        Machine since(Machine earlier) {
            return new Machine(busyNanos - earlier.busyNanos, stealNanos - earlier.stealNanos,
                    totalNanos - earlier.totalNanos);
        }
    }
}
