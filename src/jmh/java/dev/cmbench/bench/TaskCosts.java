package dev.cmbench.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * What a batch's tasks cost beside its makespan, per task, over one iteration's batches: CPU time
 * ({@code cpuPerTask}, µs) and heap bytes allocated ({@code allocPerTask}, B), reported as
 * secondary metrics through {@link SecondaryMetricsProfiler}.
 *
 * <p>The CPU time is the process's, every thread of this JVM (the model's threads, the benchmark
 * thread, and the JIT compiler and garbage collector as they work for them) with its child
 * processes' ({@link ProcCpu#processTreeNanos()}: a child JVM per task, the process pool's
 * workers), from the iteration's first batch to its last: on an idle machine a makespan hides it,
 * on a loaded server it is what a model takes from others. The bytes are this JVM's heap
 * allocation by every thread, ended ones included ({@code getTotalThreadAllocatedBytes}); a child
 * JVM's heap is its own and not counted.
 */
final class TaskCosts {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long cpuAtStart;
    private long bytesAtStart;
    private long tasks;

    /** Called before the iteration's first batch. */
    void startIteration() {
        tasks = 0;
        bytesAtStart = THREADS.getTotalThreadAllocatedBytes();
        cpuAtStart = ProcCpu.processTreeNanos();
    }

    void batchDone(int batchTasks) {
        tasks += batchTasks;
    }

    /** Called after the iteration's last batch: reports its figures, if a batch ran. */
    void reportIteration() {
        long cpu = ProcCpu.processTreeNanos() - cpuAtStart;
        long bytes = THREADS.getTotalThreadAllocatedBytes() - bytesAtStart;
        if (tasks > 0) {
            SecondaryMetricsProfiler.gauge("cpuPerTask", cpu / 1e3 / tasks, "us");
            SecondaryMetricsProfiler.gauge("allocPerTask", (double) bytes / tasks, "B");
        }
    }
}
