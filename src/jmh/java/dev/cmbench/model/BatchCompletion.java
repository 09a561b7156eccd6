package dev.cmbench.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How every batch model tells the benchmark thread that its batch is done: each task reports
 * its checksum (or its failure) here, and the benchmark thread waits once, in {@link #await()},
 * for the last report or the first failure.
 *
 * <p>One wait for every model, because the harness's join is not what a model costs: waiting
 * on each task's future in turn wakes the benchmark thread once per task that is not yet done,
 * while {@code allOf} or a root fork-join task wakes it once, and that difference (5-13 % on cpu
 * batches on a 2-vCPU VM) would be charged to the model. Here a task's report is a
 * {@link LongAdder} add and an atomic decrement; the last one completes a
 * {@link CompletableFuture} that wakes the waiting thread once.
 *
 * <p>It also stamps latency the same way for every model: from this object's creation, the
 * batch's start, to each task's report ({@link LatencyRecording}).
 */
final class BatchCompletion {

    private final LatencyRecording latency;
    private final long startedAt;
    private final AtomicInteger remaining;
    private final LongAdder checksum = new LongAdder();
    private final CompletableFuture<Long> done = new CompletableFuture<>();

    /** The batch of {@code tasks} tasks starts now. */
    BatchCompletion(int tasks, LatencyRecording latency) {
        if (tasks < 1) {
            throw new IllegalArgumentException("a batch needs at least one task, got " + tasks);
        }
        this.latency = latency;
        this.startedAt = latency.batchStarted();
        this.remaining = new AtomicInteger(tasks);
    }

    /** A task finished with {@code taskChecksum}; the last one releases {@link #await()}. */
    void taskDone(long taskChecksum) {
        latency.taskDone(startedAt);
        checksum.add(taskChecksum);
        if (remaining.decrementAndGet() == 0) {
            done.complete(checksum.sum());
        }
    }

    /** A task failed: {@link #await()} throws at once; later reports change nothing. */
    void taskFailed(Throwable failure) {
        done.completeExceptionally(failure);
    }

    /** True once every task has reported or one has failed. */
    boolean isDone() {
        return done.isDone();
    }

    /**
     * Waits for the batch: the sum of every task's checksum, or the first failure as a
     * {@link BatchFailedException} whose cause is what the task threw (a failure that already is
     * one, such as a child JVM's bad exit, is thrown as it is).
     */
    long await() throws InterruptedException, BatchFailedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            Throwable failure = TaskFailure.unwrap(e);
            throw failure instanceof BatchFailedException batchFailure ? batchFailure : new BatchFailedException(failure);
        }
    }
}
