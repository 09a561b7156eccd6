package dev.cmbench.model;

import java.util.concurrent.TimeUnit;
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
 *
 * <p>The recorder is sized in advance ({@link #recorder()}), never auto-resized: an
 * auto-resizing histogram grows by catching the index exception of a value past its range, and
 * every interval histogram a profiler takes without recycling starts small again. Compiled task
 * code then met that exception first in the first measured iteration, a range-check trap in
 * {@code AtomicLongArray}'s add that threw the task's compiled code away (the deoptimization log
 * shows it 2.34-2.37 s into the fork, at the first measured iteration's start, for the virtual,
 * fixed-pool and event-loop cpu batches), and a cpu batch of 100 tasks ran its first measured
 * iteration 8 % slower than its second (median of 33 forks, one warm-up of 2 s; without the
 * profiler, which never takes an interval histogram, 0.99 over 15 forks). {@value #AUTO_RESIZE_PROPERTY}
 * brings the old recorder back, the control of the measurement in analysis/README.md (the gate's
 * quieter forks).
 */
public sealed interface LatencyRecording {

    /** The batch's start, to hand back to {@link #taskDone(long)}; 0 when off. */
    long batchStarted();

    /** Records {@code now - batchStartedAt} in nanoseconds; nothing when off. */
    void taskDone(long batchStartedAt);

    /**
     * The longest latency a recorder holds: an hour, far past JMH's ten-minute iteration timeout;
     * a longer value is recorded as an hour rather than thrown out of the task.
     */
    long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

    /**
     * Set to {@code true} in a fork to record as before: an auto-resizing recorder whose interval
     * histograms the profiler does not recycle. Only the control of a measurement sets it.
     */
    String AUTO_RESIZE_PROPERTY = "cmbench.latency.autoResize";

    /**
     * A recorder of 1 ns to {@link #HIGHEST_NANOS} at 3 significant digits, sized once (about 190
     * KB a histogram); the old auto-resizing one when {@value #AUTO_RESIZE_PROPERTY} is set.
     */
    static Recorder recorder() {
        return autoResizing() ? new Recorder(3) : new Recorder(1, HIGHEST_NANOS, 3);
    }

    /** Whether this fork records as before the sized recorder, as the control of a measurement. */
    static boolean autoResizing() {
        return Boolean.getBoolean(AUTO_RESIZE_PROPERTY);
    }

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
            recorder.recordValue(Math.min(System.nanoTime() - batchStartedAt, HIGHEST_NANOS));
        }
    }
}
