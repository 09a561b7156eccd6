package dev.cmbench.model;

import org.HdrHistogram.Recorder;

/**
 * Per-task latency from the batch's start to the task's completion, recorded only when asked.
 *
 * <p>All tasks of a batch arrive together, when the batch starts, so that is where every task's
 * clock starts, in every model: a task that waits for a slot (a pool thread, a process-pool
 * worker) is waiting, and its wait is part of its latency. Stamping a task when a slot takes it
 * instead would leave the queueing out (coordinated omission), and a pool of two would look
 * as fast per task as a thread per task.
 *
 * <p>{@link BatchCompletion} calls {@link #batchStarted()} once per batch and
 * {@link #taskDone(long)} once per task. With {@link #off()} both are empty: no clock read, no
 * allocation, no lock on the hot path. With a {@link Recorder} they read {@link System#nanoTime()}
 * and record wait-free into it (a Recorder lets another thread take interval histograms while
 * tasks keep recording).
 */
public sealed interface LatencyRecording {

    /** The batch's start, to hand back to {@link #taskDone(long)}; 0 when off. */
    long batchStarted();

    /** Records {@code now - batchStartedAt} in nanoseconds; nothing when off. */
    void taskDone(long batchStartedAt);

    static LatencyRecording off() {
        return Off.INSTANCE;
    }

    static LatencyRecording into(Recorder recorder) {
        return new IntoRecorder(recorder);
    }

    enum Off implements LatencyRecording {
        INSTANCE;

        @Override
        public long batchStarted() {
            return 0;
        }

        @Override
        public void taskDone(long batchStartedAt) {
        }
    }

    record IntoRecorder(Recorder recorder) implements LatencyRecording {

        @Override
        public long batchStarted() {
            return System.nanoTime();
        }

        @Override
        public void taskDone(long batchStartedAt) {
            recorder.recordValue(System.nanoTime() - batchStartedAt);
        }
    }
}
