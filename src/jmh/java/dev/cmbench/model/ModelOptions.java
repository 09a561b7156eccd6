package dev.cmbench.model;

/**
 * Knobs a model may use; a model ignores those that do not apply to it.
 *
 * @param poolSize       threads of a fixed pool, parallelism of a fork-join pool, workers of a
 *                       process pool; defaults to the number of cores
 * @param tasksPerWorker tasks a process-pool worker runs at once; 1, as Python's
 *                       ProcessPoolExecutor does, unless raised for comparison
 * @param latency        where per-task latency goes, if anywhere
 */
public record ModelOptions(int poolSize, int tasksPerWorker, LatencyRecording latency) {

    public ModelOptions {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
        }
        if (tasksPerWorker < 1) {
            throw new IllegalArgumentException("tasksPerWorker must be >= 1, got " + tasksPerWorker);
        }
    }

    /** One thread (or worker) per core, one task per worker, latency off. */
    public static ModelOptions defaults() {
        return new ModelOptions(cores(), 1, LatencyRecording.off());
    }

    public ModelOptions withPoolSize(int size) {
        return new ModelOptions(size, tasksPerWorker, latency);
    }

    public ModelOptions withTasksPerWorker(int tasks) {
        return new ModelOptions(poolSize, tasks, latency);
    }

    public ModelOptions withLatency(LatencyRecording recording) {
        return new ModelOptions(poolSize, tasksPerWorker, recording);
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
