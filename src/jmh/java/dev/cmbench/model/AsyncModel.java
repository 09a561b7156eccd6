package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code async}: {@code CompletableFuture} callbacks done the non-blocking way. A task's sleep is
 * a delay: a timer thread completes the task's future when it is due (a thread of its own rather
 * than {@code CompletableFuture.delayedExecutor}'s JDK-wide one, so that close() can drop every
 * pending timer); the compute is the stage {@code thenApplyAsync} runs on a pool sized to the
 * cores ({@code poolSize}); each chain reports through {@code whenComplete} to the
 * {@link BatchCompletion} the benchmark thread waits on, as for every model. No thread ever waits
 * inside a task: what sleeps is a timer, and a pool thread only ever computes.
 *
 * <p>That is the difference from {@code completable-future}, whose sleep stage blocks a virtual
 * thread in {@code Thread.sleep}: the same callbacks, but on threads that block. A task whose
 * blocking part is not a plain delay ({@link Task#ioDelay()} empty) blocks a pool thread here;
 * the suite's tasks never are such tasks.
 */
final class AsyncModel implements ConcurrencyModel {

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor computePool;
    private final LatencyRecording latency;

    AsyncModel(ModelOptions options) {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "async-timer").factory());
        timer.setRemoveOnCancelPolicy(true); // a cancelled delay leaves the queue at once
        timer.prestartAllCoreThreads();
        computePool = (ThreadPoolExecutor) Executors.newFixedThreadPool(options.poolSize(),
                Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "async-", 0).factory());
        computePool.prestartAllCoreThreads();
        latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        BatchCompletion completion = new BatchCompletion(tasks.size(), latency);
        List<Future<?>> pending = new ArrayList<>(2 * tasks.size());
        try {
            for (Task task : tasks) {
                CompletableFuture<Long> chain = afterIo(task, pending).thenApplyAsync(io -> task.compute(), computePool);
                pending.add(chain);
                chain.whenComplete((checksum, failure) -> {
                    if (failure == null) {
                        completion.taskDone(checksum);
                    } else {
                        completion.taskFailed(failure);
                    }
                });
            }
            return completion.await();
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            for (Future<?> future : pending) {
                future.cancel(false); // a dropped timer never fires; a cancelled chain never computes
            }
            throw e;
        }
    }

    /** Completes when the task's I/O is over: a timer for a delay, else its blocking part on the pool. */
    private CompletableFuture<Void> afterIo(Task task, List<Future<?>> pending) {
        Optional<Duration> delay = task.ioDelay();
        if (delay.isEmpty()) {
            return CompletableFuture.runAsync(() -> {
                try {
                    task.awaitIo();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, computePool);
        }
        if (delay.get().isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waited = new CompletableFuture<>();
        pending.add(timer.schedule(() -> waited.complete(null), delay.get().toNanos(), TimeUnit.NANOSECONDS));
        return waited;
    }

    @Override
    public void close() {
        try {
            Shutdown.stop(timer, "async");
        } finally {
            Shutdown.stop(computePool, "async");
        }
    }
}
