package dev.cmbench.workload;

import java.time.Duration;

/**
 * The shortest makespan physics allows a batch. Every task sleeps before it computes and all
 * tasks arrive together, so no compute can start before t = sleep; from then on one task's
 * compute cannot be split, and the cores cannot do more than their share of the total.
 *
 * <pre>bound = sleep + max(compute, tasks × compute / cores)</pre>
 *
 * Efficiency = bound / measured; a model (or the harness) can only approach 1. This is the one
 * definition: the suite's workloads and the analyzer's report both call it.
 */
public final class IdealBound {

    private IdealBound() {
    }

    public static Duration makespan(int tasks, Duration sleep, Duration compute, int cores) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be >= 1, got " + tasks);
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        if (sleep.isNegative() || compute.isNegative()) {
            throw new IllegalArgumentException("sleep and compute must not be negative, got " + sleep + ", " + compute);
        }
        Duration cpuShare = Duration.ofNanos(Math.ceilDiv(compute.toNanos() * tasks, (long) cores));
        return sleep.plus(compute.compareTo(cpuShare) >= 0 ? compute : cpuShare);
    }
}
