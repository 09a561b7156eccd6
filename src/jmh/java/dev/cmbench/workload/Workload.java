package dev.cmbench.workload;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The named workloads: each fixes one task's sleep and compute.
 *
 * <p>Every task sleeps, then computes, so a batch's bound ({@link IdealBound}) is
 * {@code sleep + max(compute, tasks × compute / cores)}: the sleep, which every model can
 * overlap, then the CPU work, which no model can spread over more than the cores. The numbers
 * make the two parts weigh differently, which is where the models part ways:
 * <ul>
 *   <li>{@code io}: 10 ms sleep, 10 µs compute (1000:1). The sleep dominates: 10.5 ms for 100
 *       tasks on 2 cores, 15 ms for 1 000. The story is how many sleeps a model overlaps: a pool
 *       sized to the cores overlaps only that many and is hundreds of times slower than the
 *       bound.</li>
 *   <li>{@code mixed}: 1 ms sleep, 100 µs compute (10:1). The CPU share dominates from 20 tasks on
 *       2 cores (6 ms for 100 tasks): a model must both overlap sleeps and keep every core busy;
 *       a core-sized pool leaves cores idle while its threads sleep.</li>
 *   <li>{@code cpu}: no sleep, 100 µs compute. CPU-bound everywhere: the story is per-task
 *       overhead and scaling across cores (the JVM has no GIL), and what oversubscription
 *       (a thread per task) costs.</li>
 * </ul>
 * A run may also name a workload of its own ({@link CustomWorkload}); {@link WorkloadShape#of}
 * accepts either.
 */
public enum Workload implements WorkloadShape {
    IO(Duration.ofMillis(10), Duration.ofNanos(10_000)),
    MIXED(Duration.ofMillis(1), Duration.ofNanos(100_000)),
    CPU(Duration.ZERO, Duration.ofNanos(100_000));

    private final Duration sleep;
    private final Duration compute;

    Workload(Duration sleep, Duration compute) {
        this.sleep = sleep;
        this.compute = compute;
    }

    /** The name used in {@code @Param}, reports and env.json: {@code io}, {@code mixed}, {@code cpu}. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Duration sleep() {
        return sleep;
    }

    @Override
    public Duration compute() {
        return compute;
    }

    /** The workload called {@code id}; the error lists the valid names. */
    public static Workload named(String id) {
        for (Workload w : values()) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; known: "
                + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", ")));
    }
}
