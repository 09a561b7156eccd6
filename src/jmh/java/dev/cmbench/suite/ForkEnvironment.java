package dev.cmbench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * What went on around one fork while it measured ({@code run.json}, each saved fork's
 * {@code environment}), from the line its {@link dev.cmbench.bench.ForkEnvironmentProfiler} wrote:
 * the shares of the machine's CPU time (all its CPUs, idle included) that the fork (with its
 * child processes) used, that other processes and the kernel used, and that the hypervisor stole;
 * the fork's own GC and JIT compile time. A fork whose machine was busy with something else past a
 * threshold is {@code disturbed}, with why: its figures are kept, and the report names it.
 *
 * @param measuredSeconds       the wall-clock time of its measurement iterations
 * @param ownCpuPercent         the fork's and its children's CPU time, as a share of the machine's
 * @param otherCpuPercent       everything else the machine's CPUs ran: other processes, the kernel's own work
 * @param stealPercent          time the hypervisor gave this VM's CPUs to something else
 * @param gcSeconds             the fork's time in garbage collection
 * @param jitSeconds            the fork's time in JIT compilation
 * @param disturbed             why the fork counts as disturbed, or null
 */
record ForkEnvironment(double measuredSeconds, double ownCpuPercent, double otherCpuPercent, double stealPercent,
        double gcSeconds, double jitSeconds, String disturbed) {

    /**
     * Other processes may use this share of the machine and the fork still count as undisturbed:
     * a tenth, a fifth of a core on two. An idle desktop's daemons use well under 1 %.
     */
    static final double MAX_OTHER_CPU_PERCENT = 10;
    /** The hypervisor may steal this share: more means the host was busy with other guests. */
    static final double MAX_STEAL_PERCENT = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the fork wrote, in seconds: the cumulative counters' differences over its measurement iterations. */
    record Measured(double measuredSeconds, double ownCpuSeconds, double machineBusySeconds, double machineStealSeconds,
            double machineTotalSeconds, double gcSeconds, double jitSeconds) {
    }

    /** The environment a fork's line describes, judged against the thresholds. */
    static ForkEnvironment of(String line) throws IOException {
        return of(JSON.readValue(line, Measured.class));
    }

    static ForkEnvironment of(Measured m) {
        double total = m.machineTotalSeconds();
        double own = percent(m.ownCpuSeconds(), total);
        // /proc/stat and the process's own counters tick separately: a little negative is rounding, not a process.
        double other = percent(Math.max(0, m.machineBusySeconds() - m.ownCpuSeconds()), total);
        double steal = percent(m.machineStealSeconds(), total);
        String why = null;
        if (other > MAX_OTHER_CPU_PERCENT) {
            why = String.format(Locale.ROOT, "other processes used %.1f %% of the machine's CPU time (over %.0f %%)",
                    other, MAX_OTHER_CPU_PERCENT);
        }
        if (steal > MAX_STEAL_PERCENT) {
            String stolen = String.format(Locale.ROOT, "the hypervisor stole %.1f %% of its CPU time (over %.0f %%)",
                    steal, MAX_STEAL_PERCENT);
            why = why == null ? stolen : why + "; " + stolen;
        }
        return new ForkEnvironment(m.measuredSeconds(), rounded(own), rounded(other), rounded(steal), m.gcSeconds(),
                m.jitSeconds(), why);
    }

    private static double percent(double part, double whole) {
        return whole > 0 ? 100 * part / whole : 0;
    }

    /** To a hundredth of a per cent: the counters behind it tick in hundredths of a second. */
    private static double rounded(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
