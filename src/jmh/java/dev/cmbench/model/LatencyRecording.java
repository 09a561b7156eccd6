package dev.cmbench.model;

import org.HdrHistogram.Recorder;

/**
 * Per-task submit-to-done latency, recorded only when asked.
 *
 * <p>Models call {@link #taskSubmitted()} and {@link #taskDone(long)} unconditionally. With
 * {@link #off()} both are empty: no clock read, no allocation, no lock on the hot path. With a
 * {@link Recorder} they read {@link System#nanoTime()} and record wait-free into it (a Recorder
 * lets another thread take interval histograms while tasks keep recording).
 */
public sealed interface LatencyRecording {

    /** The submit timestamp to hand back to {@link #taskDone(long)}; 0 when off. */
    long taskSubmitted();

    /** Records {@code now - submittedAt} in nanoseconds; nothing when off. */
    void taskDone(long submittedAt);

    static LatencyRecording off() {
        return Off.INSTANCE;
    }

    static LatencyRecording into(Recorder recorder) {
        return new IntoRecorder(recorder);
    }

    enum Off implements LatencyRecording {
        INSTANCE;

        @Override
        public long taskSubmitted() {
            return 0;
        }

        @Override
        public void taskDone(long submittedAt) {
        }
    }

    record IntoRecorder(Recorder recorder) implements LatencyRecording {

        @Override
        public long taskSubmitted() {
            return System.nanoTime();
        }

        @Override
        public void taskDone(long submittedAt) {
            recorder.recordValue(System.nanoTime() - submittedAt);
        }
    }
}
