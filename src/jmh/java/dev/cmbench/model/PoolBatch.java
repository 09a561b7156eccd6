package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One batch of a {@link ProcessPoolModel}, shared by the workers' reader threads: its tasks,
 * which each worker takes in turn as it has room, and the {@link BatchCompletion} that counts the
 * answers and stamps each task's latency from the batch's start, like every model's, so a task's
 * wait for a free worker is part of it.
 */
record PoolBatch(List<SleepComputeTask> tasks, BatchCompletion completion, AtomicInteger next) {

    PoolBatch(List<SleepComputeTask> tasks, BatchCompletion completion) {
        this(tasks, completion, new AtomicInteger());
    }

    /** The index of the next task nobody has taken, or -1 once every task is taken. */
    int take() {
        int index = next.getAndIncrement();
        return index < tasks.size() ? index : -1;
    }

    SleepComputeTask task(int index) {
        return tasks.get(index);
    }
}
