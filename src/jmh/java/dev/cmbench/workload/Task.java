package dev.cmbench.workload;

import java.time.Duration;
import java.util.Optional;

/**
 * One unit of work a concurrency model runs: a blocking part, then a CPU part that yields a checksum.
 *
 * <p>The two parts are separate so that a model built from stages (a {@code CompletableFuture}
 * chain) can run them as stages; every thread-per-task or pool model calls {@link #call()}.
 *
 * <p>Models that wait without blocking a thread ({@code event-loop}, {@code async},
 * {@code coroutines}) cannot call a blocking method: they ask {@link #ioDelay()} instead and wait
 * that long on a timer (asyncio's {@code await asyncio.sleep}).
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

    /**
     * The blocking part as a plain wait of this long, if that is all it is. A non-blocking model
     * calls this once each time it starts the task, instead of {@link #awaitIo()}, waits the delay
     * on a timer, then calls {@link #compute()}.
     *
     * <p>Empty by default: the blocking part is something else (real I/O, a call that may throw),
     * and a non-blocking model has no way to wait for it but to call {@link #awaitIo()} on the
     * thread that would compute, blocking that thread, as blocking code called from an asyncio
     * event loop or a coroutine does. The suite's own tasks ({@link SleepComputeTask}) always
     * give their delay, so benchmarks never take that path.
     */
    default Optional<Duration> ioDelay() {
        return Optional.empty();
    }
}
