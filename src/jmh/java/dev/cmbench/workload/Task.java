package dev.cmbench.workload;

/**
 * One unit of work a concurrency model runs: a blocking part, then a CPU part that yields a checksum.
 *
 * <p>The two parts are separate so that a model built from stages (a {@code CompletableFuture}
 * chain) can run them as stages; every other model calls {@link #call()}.
 */
public interface Task {

    /** The blocking part, the stand-in for I/O. */
    void awaitIo() throws Exception;

    /** The CPU part; returns this task's checksum. */
    long compute();

    /** Both parts in order, as one thread runs them. */
    default long call() throws Exception {
        awaitIo();
        return compute();
    }
}
