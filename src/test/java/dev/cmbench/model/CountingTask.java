package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A shared-workload task that counts how often it starts and completes, per index. A task starts
 * in {@link #awaitIo()} for the models that block, in {@link #ioDelay()} for those that wait on a
 * timer (its delay is never empty, so those never call awaitIo() as well).
 */
final class CountingTask implements Task {

    private final SleepComputeTask task;
    private final int index;
    private final AtomicIntegerArray completions;
    private final AtomicInteger started;
    private final CountDownLatch firstStart;

    CountingTask(SleepComputeTask task, int index, AtomicIntegerArray completions, AtomicInteger started,
            CountDownLatch firstStart) {
        this.task = task;
        this.index = index;
        this.completions = completions;
        this.started = started;
        this.firstStart = firstStart;
    }

    @Override
    public void awaitIo() throws InterruptedException {
        started.incrementAndGet();
        firstStart.countDown();
        task.awaitIo();
    }

    @Override
    public Optional<Duration> ioDelay() {
        started.incrementAndGet();
        firstStart.countDown();
        return task.ioDelay();
    }

    @Override
    public long compute() {
        long checksum = task.compute();
        completions.incrementAndGet(index);
        return checksum;
    }
}
