package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.JmhResult;
import java.util.Optional;

/**
 * What a figure is held against: a batch's makespan against its ideal bound (efficiency), and a
 * figure that wakes threads against the machine's cross-core wake-up (how many wake-ups it is
 * worth). Both need the run's env.json; a result file from elsewhere simply has neither.
 */
public final class Bounds {

    private Bounds() {
    }

    /**
     * Ideal bound / measured, for a result with workload and tasks params and an env.json describing
     * both. The bound uses the compute the forks really did ({@link Environment#computeDone}): on a
     * host that ran faster than at calibration, the nominal compute would put the bound above what
     * a model can and does reach.
     */
    static Optional<Double> efficiency(JmhResult r, Environment env) {
        String workload = r.params().get("workload");
        String tasks = r.params().get("tasks");
        if (workload == null || tasks == null || !env.workloads().containsKey(workload) || r.failed()
                || !r.primary().unit().isTime()) {
            return Optional.empty();
        }
        try {
            double measuredNanos = r.primary().unit().nanosPerOp(r.primary().score());
            return env.idealBound(env.workloads().get(workload), Integer.parseInt(tasks))
                    .map(bound -> bound.toNanos() / measuredNanos);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The figure divided by one cross-core wake-up of this machine, for a benchmark the run marked
     * as waking threads: a figure of two wake-ups is mostly the machine's, not the JVM's.
     */
    static Optional<Double> wakeUps(JmhResult r, Environment env) {
        if (env.floor().isEmpty() || r.failed() || !r.primary().unit().isTime()
                || !env.floor().get().waking().containsKey(r.benchmark())) {
            return Optional.empty();
        }
        double nanos = r.primary().unit().nanosPerOp(r.primary().score());
        return Optional.of(nanos / (env.floor().get().wakeUpMicros() * 1_000));
    }
}
