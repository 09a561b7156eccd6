package dev.cmbench.model;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * {@code fixed-pool}: {@code Executors.newFixedThreadPool(poolSize)} (default: one thread per
 * core) — Python's {@code ThreadPoolExecutor(max_workers=k)}.
 *
 * <p>A pool thread that sleeps holds its slot: at most {@code poolSize} sleeps overlap, which is
 * what this model shows on the {@code io} workload. The core threads are started when the
 * model is built, so no batch pays for pool start-up.
 */
final class FixedPoolModel extends ExecutorModel {

    FixedPoolModel(ModelOptions options) {
        super("fixed-pool", startedPool(options.poolSize()), options.latency());
    }

    private static ThreadPoolExecutor startedPool(int size) {
        var pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(size,
                Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "fixed-pool-", 0).factory());
        pool.prestartAllCoreThreads();
        return pool;
    }
}
