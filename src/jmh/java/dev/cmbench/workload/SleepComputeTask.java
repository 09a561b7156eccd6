package dev.cmbench.workload;

import java.time.Duration;
import java.util.Optional;

/**
 * The shared task: sleep (blocking I/O stand-in), then a {@link ComputeChain} of
 * {@code computeUnits} from {@code seed}. Immutable, so one list of tasks serves every batch.
 *
 * <p>{@code Thread.sleep} on Linux overshoots by tens of microseconds (timer slack and wake-up),
 * which is why the workloads sleep for a millisecond or more.
 */
public record SleepComputeTask(Duration sleep, long computeUnits, long seed) implements Task {

    public SleepComputeTask {
        if (sleep.isNegative()) {
            throw new IllegalArgumentException("sleep must not be negative, got " + sleep);
        }
        if (computeUnits < 0) {
            throw new IllegalArgumentException("computeUnits must be >= 0, got " + computeUnits);
        }
    }

    @Override
    public void awaitIo() throws InterruptedException {
        if (!sleep.isZero()) {
            Thread.sleep(sleep);
        }
    }

    /** The sleep, for models that wait it out on a timer instead of in {@code Thread.sleep}. */
    @Override
    public Optional<Duration> ioDelay() {
        return Optional.of(sleep);
    }

    @Override
    public long compute() {
        return ComputeChain.run(seed, computeUnits);
    }
}
