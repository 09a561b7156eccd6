package dev.cmbench.model;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Which configurations a model cannot run here, and why: the suite skips them by design and the
 * report shows the reason, instead of crashing the run or timing it for an hour.
 */
final class Feasibility {

    /** Longest batch the suite will time: beyond this a JMH iteration becomes one batch of minutes. */
    static final Duration MAX_BATCH = Duration.ofSeconds(10);

    /** Budget per concurrent child JVM (one measured at ~40 MB RSS with the fast-start flags). */
    static final long BYTES_PER_CHILD_JVM = 64L << 20;

    private Feasibility() {
    }

    /**
     * A model with {@code slots} that each run one task at a time, start to end, cannot beat
     * {@code ceil(tasks / slots) × (sleep + compute)}; skip it when that exceeds {@link #MAX_BATCH}.
     */
    static Optional<String> slotLimited(String model, String slotName, int slots, int tasks, Duration sleep,
            Duration compute) {
        long rounds = Math.ceilDiv(tasks, slots);
        Duration atLeast = sleep.plus(compute).multipliedBy(rounds);
        if (atLeast.compareTo(MAX_BATCH) <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "%s with %d %s needs at least %.1f s per batch (%d tasks / %d × (sleep + compute)), over the %d s limit;"
                        + " raise -p poolSize to run it",
                model, slots, slotName, atLeast.toNanos() / 1e9, tasks, slots, MAX_BATCH.toSeconds()));
    }

    /** No model runs a batch faster than one task: its sleep, then its compute. */
    static Optional<String> oneTask(Duration sleep, Duration compute) {
        Duration atLeast = sleep.plus(compute);
        if (atLeast.compareTo(MAX_BATCH) <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("one task sleeps and computes for %.1f s, over the %d s limit of a batch",
                atLeast.toNanos() / 1e9, MAX_BATCH.toSeconds()));
    }

    /**
     * A model that overlaps every sleep but computes on {@code threads} threads cannot beat
     * {@code sleep + ceil(tasks / threads) × compute}; skip it when that exceeds {@link #MAX_BATCH}.
     */
    static Optional<String> computeLimited(String model, String threadName, int threads, int tasks, Duration sleep,
            Duration compute) {
        long rounds = Math.ceilDiv(tasks, threads);
        Duration atLeast = sleep.plus(compute.multipliedBy(rounds));
        if (atLeast.compareTo(MAX_BATCH) <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "%s computes on %d %s: at least %.1f s per batch (sleep + %d tasks / %d × compute), over the %d s limit",
                model, threads, threadName, atLeast.toNanos() / 1e9, tasks, threads, MAX_BATCH.toSeconds()));
    }

    /** One child JVM per task, all alive at once: capped by memory. */
    static Optional<String> childJvms(int tasks) {
        long limit = maxConcurrentChildJvms();
        if (tasks <= limit) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "process would start %d child JVMs at once; this machine (%d GiB) allows at most %d "
                        + "(half its memory at %d MiB each)",
                tasks, physicalMemoryBytes() >> 30, limit, BYTES_PER_CHILD_JVM >> 20));
    }

    static long maxConcurrentChildJvms() {
        return physicalMemoryBytes() / 2 / BYTES_PER_CHILD_JVM;
    }

    static long physicalMemoryBytes() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
