package dev.cmbench.model;

/**
 * Knobs a model may use; a model ignores those that do not apply to it.
 *
 * @param poolSize threads of a fixed pool, parallelism of a fork-join pool, workers of a
 *                 process pool; defaults to the number of cores
 * @param latency  where per-task latency goes, if anywhere
 */
public record ModelOptions(int poolSize, LatencyRecording latency) {

    public ModelOptions {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
        }
    }

    /** One thread (or worker) per core, latency off. */
    public static ModelOptions defaults() {
        return new ModelOptions(cores(), LatencyRecording.off());
    }

    public ModelOptions withPoolSize(int size) {
        return new ModelOptions(size, latency);
    }

    public ModelOptions withLatency(LatencyRecording recording) {
        return new ModelOptions(poolSize, recording);
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
