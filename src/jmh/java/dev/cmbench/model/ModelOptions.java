package dev.cmbench.model;

/**
 * Knobs a model may use; a model ignores those that do not apply to it.
 *
 * @param poolSize       threads of a fixed pool, parallelism of a fork-join pool, workers of a
 *                       process pool; defaults to the number of cores
 * @param tasksPerWorker tasks the parent keeps sent to each process-pool worker, which runs them
 *                       one at a time, in order: the one it runs, the rest waiting in its pipe;
 *                       2 by default, so that a worker finds its next task waiting, as in
 *                       Python's ProcessPoolExecutor, whose call queue holds tasks ahead of its
 *                       workers; 1 makes each worker wait for the parent between tasks
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

    /** One thread (or worker) per core, two tasks sent to each process-pool worker, latency off. */
    public static ModelOptions defaults() {
        return new ModelOptions(cores(), 2, LatencyRecording.off());
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
