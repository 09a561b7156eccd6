package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import java.util.List;

/** Process models send tasks to other JVMs as data, so they take only the shared task record. */
final class ProcessTasks {

    private ProcessTasks() {
    }

    @SuppressWarnings("unchecked")
    static List<SleepComputeTask> require(List<? extends Task> tasks, String model) {
        for (Task task : tasks) {
            if (!(task instanceof SleepComputeTask)) {
                throw new IllegalArgumentException(model + " runs tasks in child JVMs and takes only "
                        + "SleepComputeTask, got " + task.getClass().getName());
            }
        }
        return (List<SleepComputeTask>) tasks;
    }
}
