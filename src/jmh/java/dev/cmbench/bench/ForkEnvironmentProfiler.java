package dev.cmbench.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;

/**
 * What went on around a fork while it measured, summed over its measurement iterations (warm-up
 * and the gaps between iterations left out): the machine's CPU time from {@code /proc/stat}
 * (busy, and stolen by the hypervisor), this JVM's own with its children's
 * ({@link ProcCpu#processTreeNanos()}), so that the CPU other processes used is the difference,
 * and the time this JVM spent in garbage collection and JIT compilation. After the fork's last
 * measurement iteration it appends one line of JSON to the file the {@value #LOG_PROPERTY}
 * property names, which the suite runner reads into {@code run.json} and judges (a fork that
 * shared its machine past a threshold is flagged as disturbed). It adds no result: none of this
 * is a figure of the benchmark.
 */
public final class ForkEnvironmentProfiler implements InternalProfiler {

    public static final String LOG_PROPERTY = "cmbench.forkEnvironmentLog";

    private Snapshot atStart;
    private Snapshot sum = Snapshot.ZERO;
    private int measured;

    @Override
    public String getDescription() {
        return "cmbench: the machine's CPU time, steal, other processes', GC and JIT time while a fork measured";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        atStart = iteration.getType() == IterationType.MEASUREMENT ? Snapshot.now() : null;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        if (atStart != null) {
            sum = sum.plus(Snapshot.now().minus(atStart));
            atStart = null;
            if (++measured == iteration.getCount()) {
                write(sum.json());
            }
        }
        return List.of();
    }

    private static void write(String line) {
        String log = System.getProperty(LOG_PROPERTY);
        if (log != null) {
            try {
                Files.writeString(Path.of(log), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("cmbench: cannot record this fork's environment in " + log + ": " + e);
            }
        }
    }

    /** Cumulative counters at one instant, or their differences; all in nanoseconds. */
    record Snapshot(long wall, long ownCpu, long machineBusy, long machineSteal, long machineTotal, long gc, long jit) {

        static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0);

        static Snapshot now() {
            ProcCpu.Machine machine = ProcCpu.Machine.now();
            long gcMillis = 0;
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcMillis += Math.max(0, collector.getCollectionTime());
            }
            var compiler = ManagementFactory.getCompilationMXBean();
            long jitMillis = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                    ? compiler.getTotalCompilationTime() : 0;
            return new Snapshot(System.nanoTime(), ProcCpu.processTreeNanos(), machine.busyNanos(), machine.stealNanos(),
                    machine.totalNanos(), gcMillis * 1_000_000, jitMillis * 1_000_000);
        }

        Snapshot minus(Snapshot o) {
            return new Snapshot(wall - o.wall, ownCpu - o.ownCpu, machineBusy - o.machineBusy,
                    machineSteal - o.machineSteal, machineTotal - o.machineTotal, gc - o.gc, jit - o.jit);
        }

        Snapshot plus(Snapshot o) {
            return new Snapshot(wall + o.wall, ownCpu + o.ownCpu, machineBusy + o.machineBusy,
                    machineSteal + o.machineSteal, machineTotal + o.machineTotal, gc + o.gc, jit + o.jit);
        }

        /** The line the runner reads ({@code ForkEnvironment.Measured} in the suite), in seconds. */
        String json() {
            return String.format(Locale.ROOT, "{\"measuredSeconds\":%.4f,\"ownCpuSeconds\":%.4f,"
                    + "\"machineBusySeconds\":%.4f,\"machineStealSeconds\":%.4f,\"machineTotalSeconds\":%.4f,"
                    + "\"gcSeconds\":%.4f,\"jitSeconds\":%.4f}", wall / 1e9, ownCpu / 1e9, machineBusy / 1e9,
                    machineSteal / 1e9, machineTotal / 1e9, gc / 1e9, jit / 1e9);
        }
    }
}
