package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A model that is an {@link ExecutorService}: submit every task — the {@code concurrent.futures}
 * {@code submit} pattern of the notes — and wait for the batch once, in {@link BatchCompletion},
 * as every model does. On a failure or an interrupt the remaining futures are cancelled with
 * interruption.
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
        BatchCompletion completion = new BatchCompletion(tasks.size(), latency);
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        try {
            for (Task task : tasks) {
                futures.add(executor.submit(() -> {
                    try {
                        completion.taskDone(task.call());
                    } catch (Throwable t) {
                        completion.taskFailed(t);
                    }
                }));
            }
            return completion.await();
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            for (Future<?> future : futures) {
                future.cancel(true);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        Shutdown.stop(executor, name);
    }
}
