package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.ThreadFactory;

/**
 * {@code structured}: structured concurrency, {@link StructuredTaskScope} (JDK 25, JEP 505, a
 * preview API). One scope per batch, a forked virtual thread per task, then the owner, the
 * benchmark thread, joins; the scope's joiner ({@code awaitAllSuccessfulOrThrow}) cancels the
 * scope on the first failure, which interrupts every sibling still running. The scope is closed
 * before the batch returns: no task's thread outlives its batch.
 *
 * <p>Each task reports to a {@link BatchCompletion}, as in every model, so latency is stamped
 * the same way; a failing task reports itself before it rethrows to its scope. The benchmark
 * thread's one wait is the scope's {@code join()}, which returns when the last task's thread has
 * ended (the structure's guarantee; {@code virtual} returns at the last report instead); the
 * completion is done by then and {@code await()} returns without waiting.
 *
 * <p>Compiled with preview features enabled, apart from the other models, and built by name
 * ({@link PreviewClasses}): only a JVM that builds this model needs {@code --enable-preview}.
 */
final class StructuredModel implements ConcurrencyModel {

    private final ThreadFactory threads = Thread.ofVirtual().name(ModelKind.THREAD_PREFIX + "structured-", 0).factory();
    private final LatencyRecording latency;

    StructuredModel(ModelOptions options) {
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        BatchCompletion completion = new BatchCompletion(tasks.size(), latency);
        try (var scope = StructuredTaskScope.open(Joiner.awaitAllSuccessfulOrThrow(),
                config -> config.withThreadFactory(threads).withName("cmbench-structured-batch"))) {
            for (Task task : tasks) {
                scope.fork(() -> {
                    try {
                        completion.taskDone(task.call());
                        return null;
                    } catch (Throwable t) {
                        completion.taskFailed(t);
                        throw t; // to the scope, so that its joiner cancels the siblings
                    }
                });
            }
            scope.join();
        } catch (StructuredTaskScope.FailedException e) {
            // the failing task reported itself first: await() throws what it threw
        }
        // On an interrupt, join() threw and close() cancelled and awaited every task first.
        return completion.await();
    }

    /** Nothing to stop: every batch's scope is closed before runBatch returns. */
    @Override
    public void close() {
    }
}
