package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.JmhResult;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * What a figure is held against: a batch's makespan against its ideal bound (efficiency, and no
 * interval below it), a task's latency against its own sleep and compute, and a figure made of
 * wake-ups against the cross-core wake-up its own forks measured (how many it is worth). All need
 * the run's env.json; a result file from elsewhere simply has none.
 */
public final class Bounds {

    private Bounds() {
    }

    /**
     * The ideal makespan in ns, for a result with workload and tasks params and an env.json
     * describing both. It uses the compute the forks really did ({@link Environment#computeDone}):
     * on a host that ran faster than at calibration, the nominal compute would put the bound above
     * what a model can and does reach.
     */
    static OptionalDouble idealBoundNanos(JmhResult r, Environment env) {
        String workload = r.params().get("workload");
        String tasks = r.params().get("tasks");
        if (workload == null || tasks == null || !env.workloads().containsKey(workload) || r.failed()
                || !r.primary().unit().isTime()) {
            return OptionalDouble.empty();
        }
        try {
            return env.idealBound(env.workloads().get(workload), Integer.parseInt(tasks))
                    .map(bound -> OptionalDouble.of(bound.toNanos())).orElse(OptionalDouble.empty());
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The least latency one task of the result's workload can have from its arrival: its sleep, then its compute, in ns. */
    static OptionalDouble taskBoundNanos(JmhResult r, Environment env) {
        Environment.WorkloadShape workload = env.workloads().get(r.params().getOrDefault("workload", ""));
        return workload == null ? OptionalDouble.empty()
                : OptionalDouble.of(workload.sleep().toNanos() + env.computeDone(workload.compute()).toNanos());
    }

    /** Ideal bound / {@code measuredNanos}, for a batch result; empty for any other. */
    static OptionalDouble efficiency(JmhResult r, Environment env, double measuredNanos) {
        OptionalDouble bound = idealBoundNanos(r, env);
        return bound.isPresent() ? OptionalDouble.of(bound.getAsDouble() / measuredNanos) : OptionalDouble.empty();
    }

    /**
     * The cross-core wake-up (µs) the forks of this result measured, their median; the run's
     * where its env.json holds no reading of these forks (an older run probed once, before the
     * first fork); empty for a benchmark not marked as made of wake-ups.
     */
    static OptionalDouble wakeUpMicros(JmhResult r, Environment env) {
        if (env.floor().isEmpty() || r.failed() || !r.primary().unit().isTime()
                || !env.floor().get().waking().containsKey(r.benchmark())) {
            return OptionalDouble.empty();
        }
        double[] forks = env.floor().get().wakeUpMicros(r.benchmark(), r.params());
        return OptionalDouble.of(forks.length == 0 ? env.floor().get().wakeUpMicros() : median(forks));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
