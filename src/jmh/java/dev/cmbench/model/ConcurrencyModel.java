package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.List;
import java.util.OptionalInt;

/**
 * A way of running a batch of tasks concurrently: one class a model, each the plain idiomatic
 * use of one JDK mechanism.
 *
 * <p>Contract, checked by the tests for every model: every task runs exactly once; the result is
 * the sum of the tasks' checksums; a task that throws fails the batch with that exception as
 * the cause; an interrupted batch throws {@link InterruptedException} and starts no further
 * task; after {@link #close()} nothing the model started is alive.
 */
public interface ConcurrencyModel extends AutoCloseable {

    /** Runs all tasks and returns the sum of their checksums once every one is done. */
    long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException;

    /**
     * For a model whose pool grows by itself ({@code fork-join}): the most threads its pool had
     * alive at once during the last batch; empty for the others, whose thread count is fixed by
     * their design (a pool of {@code poolSize}) or is one per task.
     */
    default OptionalInt peakPoolThreads() {
        return OptionalInt.empty();
    }

    /** Stops and releases every thread or process the model owns, interrupting running tasks. */
    @Override
    void close();
}
