package dev.cmbench.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordingStream;

/**
 * Counts JFR's {@code jdk.VirtualThreadPinned} events from {@link #start} to {@link #stop}: one
 * each time a virtual thread blocked (parked, slept, waited to enter a monitor) while pinned to
 * its carrier. The threshold is 0: by default JFR records only pins of 20 ms or more, which would
 * hide the millisecond sleeps of a benchmark.
 *
 * <p>An in-process {@link RecordingStream} delivers events asynchronously, about once a second
 * (JFR's flush interval, which only a command-line recording can change), so "what has arrived so
 * far" undercounts. {@link RecordingStream#stop()} (JDK 20+) waits until every event recorded
 * before it has been consumed, so the count {@link #stop} returns is complete; that is why a
 * counter is started and stopped around each measurement instead of one stream running for the
 * whole trial. Starting and stopping costs some ms (the first start, JFR's own start-up, some
 * hundred ms).
 */
final class PinnedEvents implements AutoCloseable {

    static final String EVENT = "jdk.VirtualThreadPinned";

    private final RecordingStream stream = new RecordingStream();
    private final AtomicLong count = new AtomicLong();

    private PinnedEvents() {
        stream.enable(EVENT).withThreshold(Duration.ZERO).withoutStackTrace();
        stream.onEvent(EVENT, event -> count.incrementAndGet());
        stream.startAsync();
    }

    /** Starts counting; events from now on are counted. */
    static PinnedEvents start() {
        return new PinnedEvents();
    }

    /** Stops recording and returns the number of events since {@link #start}, every one of them. */
    long stop() {
        stream.stop();
        return count.get();
    }

    /** Ends the recording and its stream thread, stopped or not. */
    @Override
    public void close() {
        stream.close();
    }
}
