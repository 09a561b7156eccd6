package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code completable-future}: per task a chain {@code supplyAsync(sleep)} →
 * {@code thenApplyAsync(compute)}, each reporting through {@code whenComplete} — the callback
 * style of the notes ({@code add_done_callback}) — to the {@link BatchCompletion} the benchmark
 * thread waits on, as for every model.
 *
 * <p>Executor: a virtual-thread-per-task executor of its own. The default common pool is the
 * wrong home for blocking stages (on 2 cores its parallelism is 1, and a sleeping stage blocks
 * a worker), so the comparison with {@code virtual} isolates what the chain itself costs: two
 * hand-offs per task instead of one thread.
 */
final class CompletableFutureModel implements ConcurrencyModel {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LatencyRecording latency;

    CompletableFutureModel(ModelOptions options) {
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        BatchCompletion completion = new BatchCompletion(tasks.size(), latency);
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] chains = new CompletableFuture[tasks.size()];
        for (int i = 0; i < chains.length; i++) {
            Task task = tasks.get(i);
            chains[i] = CompletableFuture.supplyAsync(() -> afterIo(task), executor)
                    .thenApplyAsync(Task::compute, executor);
            chains[i].whenComplete((checksum, failure) -> {
                if (failure == null) {
                    completion.taskDone(checksum);
                } else {
                    completion.taskFailed(failure);
                }
            });
        }
        try {
            return completion.await();
        } catch (BatchFailedException | InterruptedException e) {
            cancelAll(chains);
            throw e;
        }
    }

    private static Task afterIo(Task task) {
        try {
            task.awaitIo();
            return task;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** A cancelled chain never runs its compute stage; a stage already sleeping ends at close(). */
    private static void cancelAll(CompletableFuture<Long>[] chains) {
        for (CompletableFuture<Long> chain : chains) {
            chain.cancel(true);
        }
    }

    @Override
    public void close() {
        Shutdown.stop(executor, "completable-future");
    }
}
