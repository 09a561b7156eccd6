package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cmbench.model.LatencyRecording;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

@SuppressWarnings("rawtypes") // JMH hands results over as raw Result (RunResult, IterationResult)
class SecondaryMetricsProfilerTest {

    private static final IterationParams MEASUREMENT = new IterationParams(IterationType.MEASUREMENT, 3,
            TimeValue.milliseconds(100), 1);

    @AfterEach
    void withdraw() {
        SecondaryMetricsProfiler.withdraw();
    }

    /**
     * JMH runs the trial tear-down inside the last iteration, before it asks the profiler for the
     * iteration's results; a profiler that looked the recorder up then lost the last iteration's
     * percentiles, and JMH averaged the others over every iteration (9 values / 10: 10 % low).
     */
    @Test
    void theLastIterationKeepsItsPercentilesAfterTheTrialTearDownWithdrawsTheRecorder() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Recorder recorder = new Recorder(3);
        SecondaryMetricsProfiler.publish(recorder);

        profiler.beforeIteration(null, MEASUREMENT);
        recorder.recordValue(4_000_000); // 4 ms
        SecondaryMetricsProfiler.withdraw(); // the trial tear-down, within the last iteration
        List<String> labels = profiler.afterIteration(null, MEASUREMENT, null).stream().map(Result::getLabel).toList();

        assertEquals(List.of("latency.p50", "latency.p99", "latency.p99.9"), labels);
    }

    @Test
    void aSingleIterationKeepsItsPercentilesThoughTheTrialStartsAndEndsWithinIt() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Recorder recorder = new Recorder(3);

        profiler.beforeIteration(null, MEASUREMENT);
        SecondaryMetricsProfiler.publish(recorder); // the trial set-up
        recorder.recordValue(3_000_000);
        SecondaryMetricsProfiler.withdraw(); // the trial tear-down, in the same (only) iteration
        List<String> labels = profiler.afterIteration(null, MEASUREMENT, null).stream().map(Result::getLabel).toList();

        assertEquals(List.of("latency.p50", "latency.p99", "latency.p99.9"), labels);
    }

    @Test
    void aRecorderWithdrawnBeforeTheIterationBeganBelongsToAnEarlierTrial() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Recorder earlier = new Recorder(3);
        SecondaryMetricsProfiler.publish(earlier);
        earlier.recordValue(1_000_000);
        SecondaryMetricsProfiler.withdraw();

        profiler.beforeIteration(null, MEASUREMENT);

        assertEquals(List.of(), profiler.afterIteration(null, MEASUREMENT, null));
    }

    @Test
    void aRecorderPublishedDuringTheFirstIterationCountsForIt() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Recorder recorder = new Recorder(3);

        profiler.beforeIteration(null, MEASUREMENT);
        SecondaryMetricsProfiler.publish(recorder); // the trial set-up, within the first iteration
        recorder.recordValue(2_000_000);
        var results = profiler.afterIteration(null, MEASUREMENT, null);

        assertEquals(3, results.size());
        assertEquals(2.0, results.iterator().next().getScore(), 0.01);
    }

    /** A server's load step records its latencies in the generator's process and hands the histogram over. */
    @Test
    void aHistogramHandedOverGivesTheIterationsPercentilesInsteadOfARecorder() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        org.HdrHistogram.Histogram step = new org.HdrHistogram.Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            step.recordValue(i * 1_000_000L); // 1 ms .. 1000 ms
        }

        profiler.beforeIteration(null, MEASUREMENT);
        SecondaryMetricsProfiler.iterationLatency(step);
        List<Result> results = List.copyOf(profiler.afterIteration(null, MEASUREMENT, null));

        assertEquals(List.of("latency.p50", "latency.p99", "latency.p99.9"), results.stream().map(Result::getLabel).toList());
        assertEquals(500, results.get(0).getScore(), 1, "p50 in ms");
        assertEquals(990, results.get(1).getScore(), 1, "p99 in ms");
        profiler.beforeIteration(null, MEASUREMENT);
        assertEquals(List.of(), List.copyOf(profiler.afterIteration(null, MEASUREMENT, null)),
                "a histogram belongs to the iteration it was handed over in");
    }

    /**
     * An auto-resizing recorder grows by catching an index exception, and a fresh interval
     * histogram every iteration starts small again: compiled task code met that exception first in
     * a fork's first measured iteration and was thrown away (a cpu batch's first iteration 8 %
     * slow). Recycled, the histogram tasks record into has been filled before.
     */
    @Test
    void eachIntervalHistogramIsHandedBackToBeRecordedIntoAgain() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Recorder recorder = LatencyRecording.recorder();
        Histogram first = profiler.take(recorder);
        Histogram second = profiler.take(recorder);
        Histogram third = profiler.take(recorder);

        assertSame(first, third, "the histogram taken two takes ago is the one recorded into and taken again");
        assertNotSame(second, third);
    }

    @Test
    void theRecorderHoldsAnHourWithoutGrowing() {
        Recorder recorder = LatencyRecording.recorder();
        long footprint = recorder.getIntervalHistogram().getEstimatedFootprintInBytes();
        LatencyRecording recording = LatencyRecording.into(recorder);

        recording.taskDone(System.nanoTime() - TimeUnit.HOURS.toNanos(2)); // past the range: an hour
        recording.taskDone(System.nanoTime() - 1_000);
        Histogram interval = recorder.getIntervalHistogram();

        assertEquals(footprint, interval.getEstimatedFootprintInBytes(), "sized once, never resized");
        assertEquals(2, interval.getTotalCount());
        assertEquals(LatencyRecording.HIGHEST_NANOS, interval.getMaxValue(), LatencyRecording.HIGHEST_NANOS / 1000.0);
    }
}
