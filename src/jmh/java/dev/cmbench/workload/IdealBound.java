package dev.cmbench.workload;

import java.time.Duration;

/**
 * The shortest makespan physics allows a batch: no task finishes before its own sleep and
 * compute, and the cores cannot do more than their share of the total compute.
 *
 * <pre>bound = max(sleep + compute, tasks × compute / cores)</pre>
 *
 * Efficiency = bound / measured; a model (or the harness) can only approach 1.
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
        Duration oneTask = sleep.plus(compute);
        Duration cpuShare = Duration.ofNanos(Math.ceilDiv(compute.toNanos() * tasks, (long) cores));
        return oneTask.compareTo(cpuShare) >= 0 ? oneTask : cpuShare;
    }
}
