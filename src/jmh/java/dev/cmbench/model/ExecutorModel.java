package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A model that is an {@link ExecutorService}: submit every task, then {@code get()} every
 * future — the {@code concurrent.futures} {@code submit}/{@code result} pattern of the notes.
 * On a failure or an interrupt the remaining futures are cancelled with interruption.
 */
abstract class ExecutorModel implements ConcurrencyModel {

    private final String name;
    private final ExecutorService executor;
    private final LatencyRecording latency;

    ExecutorModel(String name, ExecutorService executor, LatencyRecording latency) {
        this.name = name;
        this.executor = executor;
        this.latency = latency;
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        List<Future<Long>> futures = new ArrayList<>(tasks.size());
        try {
            for (Task task : tasks) {
                long submitted = latency.taskSubmitted();
                futures.add(executor.submit(() -> {
                    long checksum = task.call();
                    latency.taskDone(submitted);
                    return checksum;
                }));
            }
            long sum = 0;
            for (Future<Long> future : futures) {
                sum += future.get();
            }
            return sum;
        } catch (ExecutionException e) {
            cancelAll(futures);
            throw new BatchFailedException(TaskFailure.unwrap(e));
        } catch (InterruptedException | RuntimeException | Error e) {
            cancelAll(futures);
            throw e;
        }
    }

    private static void cancelAll(List<Future<Long>> futures) {
        for (Future<Long> future : futures) {
            future.cancel(true);
        }
    }

    @Override
    public void close() {
        Shutdown.stop(executor, name);
    }
}
