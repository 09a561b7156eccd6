package dev.cmbench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every task of a workload does: sleep, then compute. A benchmark's {@code workload}
 * parameter names one of the suite's named workloads ({@link Workload}: io, mixed, cpu) or
 * describes a user's own ({@link CustomWorkload}, e.g. {@code sleep:2ms+compute:300us}), so that
 * anyone can ask the suite about the shape of their own service without editing code.
 */
public sealed interface WorkloadShape permits Workload, CustomWorkload {

    /** The name the {@code workload} parameter, reports and env.json use. */
    String id();

    Duration sleep();

    Duration compute();

    /** {@code count} tasks of this workload with distinct seeds 1..count. */
    default List<SleepComputeTask> tasks(int count, Calibration calibration) {
        if (count < 1) {
            throw new IllegalArgumentException("tasks must be >= 1, got " + count);
        }
        long units = calibration.unitsFor(compute());
        List<SleepComputeTask> tasks = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            tasks.add(new SleepComputeTask(sleep(), units, i));
        }
        return List.copyOf(tasks);
    }

    default Duration idealBound(int tasks, int cores) {
        return IdealBound.makespan(tasks, sleep(), compute(), cores);
    }

    /**
     * The workload {@code id} names: a named one, or a custom one that it describes. The error
     * lists the named ones and the custom form, or says what is wrong with a custom one.
     */
    static WorkloadShape of(String id) {
        for (Workload w : Workload.values()) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        if (CustomWorkload.looksLikeOne(id)) {
            return CustomWorkload.parse(id);
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; known: "
                + Arrays.stream(Workload.values()).map(Workload::id).collect(Collectors.joining(", "))
                + ", or your own as " + CustomWorkload.FORM);
    }
}
