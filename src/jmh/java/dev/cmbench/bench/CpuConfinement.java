package dev.cmbench.bench;

import dev.cmbench.machine.ProcessConfinement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CPUs the whole fork runs on, {@code -p cpus=N}: with {@code cpus=1} every thread of the fork
 * (the benchmark's, JMH's, the JVM's GC and JIT compiler threads) runs on one CPU and virtual
 * threads have one carrier, so no wake-up crosses vCPUs; {@code cpus=2}, the same fork on two.
 * Side by side, the two figures show the machine's share of a wake-sensitive figure as a
 * measured contrast (on a 2-vCPU VM a cross-vCPU wake-up costs 4-21 µs depending on the hour),
 * where subtracting a probe of the machine would assume it.
 *
 * <p>How to use it: a benchmark whose figure is made of wake-ups takes this state as an argument
 * of its trial {@code @Setup} method if that set-up starts threads (JMH then confines the fork
 * first, so the virtual-thread scheduler starts with its one carrier), else of its
 * {@code @Benchmark} method; either way the {@code cpus} parameter joins the benchmark's grid. The
 * class exposes {@code public static final SkipRule SKIPS = CpuConfinement.SKIPS} (a machine or an
 * OS that cannot run a value skips it by design), and its {@code @Fork} adds
 * {@code --enable-native-access=ALL-UNNAMED} (the confinement calls {@code sched_setaffinity}).
 *
 * <p>The set-up confines the fork ({@link ProcessConfinement}: every thread, then the scheduler's
 * parallelism) and reads it back: a thread allowed elsewhere, a scheduler of more carriers, or
 * more virtual threads seen running at once than CPUs fails the trial instead of being timed. The
 * tear-down gives the fork its CPUs back, so that the machine's floor, probed after the trial
 * ({@link MachineFloorProbe}), is read the same way in every fork.
 */
@State(Scope.Benchmark)
public class CpuConfinement {

    /** The values the suite runs: one CPU against two. */
    @Param({"1", "2"})
    public int cpus;

    /** A value this machine or OS cannot give is skipped by design, with the reason. */
    public static final SkipRule SKIPS = new SkipRule(List.of("cpus"), CpuConfinement::cannotRun);

    private static final int CARRIER_CHECK_THREADS = 4;
    private static final Duration CARRIER_CHECK_SPIN = Duration.ofMillis(5);

    private ProcessConfinement confinement;

    private static Optional<String> cannotRun(Map<String, String> params) {
        String cpus = params.get("cpus");
        return cpus == null ? Optional.empty() : ProcessConfinement.cannotConfine(Integer.parseInt(cpus));
    }

    @Setup(Level.Trial)
    public void confine() throws InterruptedException {
        SKIPS.refuse(Map.of("cpus", Integer.toString(cpus)));
        confinement = ProcessConfinement.confine(cpus);
        Map<Long, ?> outside = confinement.threadsOutside();
        int parallelism = ProcessConfinement.virtualThreadParallelism();
        int atOnce = ProcessConfinement.mostVirtualThreadsRunningAtOnce(CARRIER_CHECK_THREADS, CARRIER_CHECK_SPIN);
        if (!outside.isEmpty() || parallelism != cpus || atOnce > cpus) {
            release();
            throw new IllegalStateException("could not confine the fork to " + cpus + " CPU(s) " + confinement.cpus()
                    + ": threads allowed elsewhere " + outside + ", virtual-thread parallelism " + parallelism
                    + ", virtual threads seen running at once " + atOnce);
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        if (confinement != null) {
            confinement.release();
            confinement = null;
        }
    }
}
