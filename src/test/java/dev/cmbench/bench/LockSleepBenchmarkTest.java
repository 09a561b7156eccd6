package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.LeakCheck;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jmh.results.Result;

/**
 * The lock-sleep benchmark, run outside JMH through its own hooks. Pins are counted (JFR events),
 * never timed, so they can be asserted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("rawtypes") // JMH hands results over as raw Result (RunResult, IterationResult)
class LockSleepBenchmarkTest {

    private static final int SECTIONS_A_ROUND = LockSleepBenchmark.WORKERS * LockSleepBenchmark.SECTIONS;

    /**
     * On virtual threads only: a platform thread cannot pin (the JVM has no carrier to hold), so a
     * zero on a platform row would pass whatever the benchmark did.
     */
    @ParameterizedTest(name = "{0} on virtual threads pins: {1}")
    @CsvSource({"native-frame,true", "synchronized,false", "reentrant,false"})
    void nativeFrameControlPinsAndSynchronizedDoesNot(String kind, boolean pins) {
        String thread = "virtual";
        Map<String, Result> metrics = oneIteration(kind, thread, 2);
        double pinnedPerRound = metrics.get("pinnedEvents").getScore();
        if (pins) {
            assertTrue(pinnedPerRound >= SECTIONS_A_ROUND,
                    "every sleep beneath the native frame pins: expected >= " + SECTIONS_A_ROUND + " a round, got " + pinnedPerRound);
        } else {
            assertEquals(0.0, pinnedPerRound, kind + " on " + thread + " threads must not pin");
        }
        assertTrue(metrics.get("lockRound").getScore() > 0, "the whole round is reported beside the bystanders");
    }

    /** The platform rows, the comparison for the virtual ones, report the same figures: a pin count and the round. */
    @ParameterizedTest
    @CsvSource({"native-frame", "synchronized", "reentrant"})
    void platformRowsReportTheSameFigures(String kind) {
        Map<String, Result> metrics = oneIteration(kind, "platform", 2);
        assertEquals(0.0, metrics.get("pinnedEvents").getScore(), metrics.toString());
        assertTrue(metrics.get("lockRound").getScore() > 0, metrics.toString());
    }

    @ParameterizedTest
    @CsvSource({"synchronized,platform", "synchronized,virtual", "reentrant,platform", "reentrant,virtual",
            "native-frame,platform", "native-frame,virtual"})
    void everySectionRunsOnceARound(String kind, String thread) {
        LockSleepBenchmark b = benchmark(kind, thread);
        b.setUp();
        try {
            for (int round = 1; round <= 3; round++) {
                b.bystanders();
                b.awaitLockRound(); // throws if a section was lost
                assertEquals(round * SECTIONS_A_ROUND, b.sections());
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void tearDownLeavesNoThreadUpcallOrRecordingBehind() {
        LockSleepBenchmark b = benchmark("native-frame", "virtual");
        b.setUp();
        b.startCountingPins();
        b.bystanders();
        b.awaitLockRound();
        b.tearDown(); // without the iteration's tear-down: a trial that failed mid-iteration
        assertEquals(List.of(), LeakCheck.survivors());
        assertEquals(List.of(), FlightRecorder.getFlightRecorder().getRecordings().stream()
                .filter(r -> r.getState() != RecordingState.CLOSED).map(r -> r.getName()).toList());
    }

    /** One iteration's secondary metrics, as the profiler hands them to JMH, by name. */
    private static Map<String, Result> oneIteration(String kind, String thread, int rounds) {
        LockSleepBenchmark b = benchmark(kind, thread);
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        b.setUp();
        try {
            profiler.beforeIteration(null, null);
            b.startCountingPins();
            for (int i = 0; i < rounds; i++) {
                b.bystanders();
                b.awaitLockRound();
            }
            b.reportPins();
            return profiler.afterIteration(null, null, null).stream()
                    .collect(Collectors.toMap(Result::getLabel, r -> (Result) r));
        } finally {
            b.tearDown();
        }
    }

    private static LockSleepBenchmark benchmark(String kind, String thread) {
        LockSleepBenchmark b = new LockSleepBenchmark();
        b.kind = kind;
        b.thread = thread;
        return b;
    }
}
