package dev.cmbench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator measures what a load tester must: every request answered once with the right
 * checksum, latency from the intended send time (a stall shows in every request scheduled during
 * it), and a wrong, repeated or missing reply counted as an error. The servers here are
 * {@link ScriptedServer}s; no timing is asserted beyond what a deliberate 100 ms stall must cause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorTest {

    private static final long SALT = 42;
    private static final long UNITS = 100;
    private static final ExpectedReplies EXPECTED = new ExpectedReplies(SALT, UNITS);

    @Test
    void aRightServerGetsEveryRequestAnsweredOnceWithNoErrorOverTwoSteps() throws Exception {
        try (ScriptedServer server = new ScriptedServer(SALT, UNITS, (id, right, nanos) -> right);
             LoadGenerator generator = LoadGenerator.connect(server.address(), 50, EXPECTED)) {
            for (int step = 0; step < 2; step++) {
                StepResult result = generator.runStep(1_000, Duration.ofMillis(300), Duration.ofSeconds(10));
                assertEquals(300, result.sent());
                assertEquals(result.sent(), result.answered(), "answered");
                assertEquals(0, result.errors(), result.firstError());
                assertEquals(0, result.timeouts());
                assertEquals(result.sent(), result.latency().getTotalCount(), "a latency for every request");
            }
        }
    }

    /**
     * The coordinated-omission check. 10 connections, 1 000 requests/s, and the server stalls once
     * for 100 ms: the ~100 requests scheduled during the stall wait for its end, so about half of
     * them must show 50 ms or more. A generator that waited for each connection's reply before
     * sending its next request and timed from the actual send would show at most one such request
     * per connection.
     */
    @Test
    void aStallShowsInTheLatencyOfEveryRequestScheduledDuringIt() throws Exception {
        AtomicLong stallEnd = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        ScriptedServer.Fault stallOnce = (id, right, nanos) -> {
            if (requests.incrementAndGet() == 400) {
                stallEnd.set(nanos + Duration.ofMillis(100).toNanos());
            }
            long wait = stallEnd.get() - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            return right;
        };
        try (ScriptedServer server = new ScriptedServer(SALT, UNITS, stallOnce);
             LoadGenerator generator = LoadGenerator.connect(server.address(), 10, EXPECTED)) {
            StepResult result = generator.runStep(1_000, Duration.ofSeconds(1), Duration.ofSeconds(10));

            assertEquals(0, result.errors(), result.firstError());
            assertEquals(result.sent(), result.answered());
            Histogram latency = result.latency();
            long waitedHalfTheStall = latency.getCountBetweenValues(Duration.ofMillis(50).toNanos(), latency.getMaxValue());
            assertTrue(waitedHalfTheStall >= 40, waitedHalfTheStall + " requests waited 50 ms or more");
            assertTrue(latency.getMaxValue() >= Duration.ofMillis(95).toNanos(), "the longest wait " + latency.getMaxValue());
        }
    }

    @Test
    void aWrongChecksumIsAnError() throws Exception {
        try (ScriptedServer server = new ScriptedServer(SALT, UNITS, (id, right, nanos) -> id == 7 ? right + 1 : right);
             LoadGenerator generator = LoadGenerator.connect(server.address(), 5, EXPECTED)) {
            StepResult result = generator.runStep(500, Duration.ofMillis(100), Duration.ofSeconds(10));
            assertEquals(1, result.errors());
            assertTrue(result.firstError().contains("request 7"), result.firstError());
        }
    }

    @Test
    void aDroppedReplyIsAnErrorOnceALaterReplyOvertakesIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer(SALT, UNITS, (id, right, nanos) -> id == 3 ? null : right);
             LoadGenerator generator = LoadGenerator.connect(server.address(), 2, EXPECTED)) {
            StepResult result = generator.runStep(200, Duration.ofMillis(100), Duration.ofMillis(500));
            assertEquals(1, result.errors(), "errors");
            assertTrue(result.firstError().contains("no reply to request 3"), result.firstError());
            assertEquals(0, result.timeouts(), "a request known lost is an error, not a time-out");
            assertEquals(result.sent(), result.latency().getTotalCount(), "its wait is in the latencies");
        }
    }

    @Test
    void aRequestLeftUnansweredIsATimeOutWithItsWaitSoFarInTheLatencies() throws Exception {
        try (ScriptedServer server = new ScriptedServer(SALT, UNITS, (id, right, nanos) -> id == 19 ? null : right);
             LoadGenerator generator = LoadGenerator.connect(server.address(), 1, EXPECTED)) {
            StepResult result = generator.runStep(200, Duration.ofMillis(100), Duration.ofMillis(200));
            assertEquals(20, result.sent());
            assertEquals(1, result.timeouts());
            assertEquals(0, result.errors(), "the last request has no later reply to overtake it");
            assertEquals(20, result.latency().getTotalCount());
            assertTrue(result.latency().getMaxValue() >= Duration.ofMillis(200).toNanos(),
                    "the unanswered request is recorded at its wait by the end of the drain");
        }
    }

    @Test
    void aStepResultCrossesTheProcessBoundaryIntact() throws Exception {
        Histogram latency = new Histogram(1, LoadGenerator.MAX_LATENCY_NANOS, 3);
        latency.recordValue(1_234_567);
        latency.recordValue(9_000_000);
        StepResult result = new StepResult(1000.0, 1_000_000_000L, 1000, 998, 2, 1, "reply to request 5 was wrong",
                3, 990, 1001, 40_000, 123_456_789, latency);
        assertEquals(result, StepResult.decode(result.encode()));
        assertEquals(990.0, result.achievedRate(), 1e-9);
    }
}
