package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each benchmark family, called a few times outside JMH: it does the work it claims (every
 * benchmark checks its own result and throws on a wrong one), and leaves no thread or process
 * running. Timeouts guard against hangs only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FamiliesTest {

    @AfterEach
    void nothingLeft() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void startJoinRunsTheThread(String kind) throws Exception {
        StartJoinBenchmark b = new StartJoinBenchmark();
        b.kind = kind;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        assertEquals(1, b.startJoin());
        assertEquals(2, b.startJoin());
    }

    @ParameterizedTest
    @CsvSource({"synchronous-queue,platform", "synchronous-queue,virtual", "exchanger,platform", "exchanger,virtual",
            "park-unpark,platform", "park-unpark,virtual"})
    void handoffCompletesEveryRoundTrip(String kind, String thread) throws Exception {
        HandoffBenchmark b = new HandoffBenchmark();
        b.kind = kind;
        b.thread = thread;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        try {
            assertEquals(HandoffBenchmark.ROUND_TRIPS, b.roundTrip());
            assertEquals(2L * HandoffBenchmark.ROUND_TRIPS, b.roundTrip());
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "thread-local", "inheritable-thread-local", "scoped-value"})
    void contextReadsTheValueHereAndInAChild(String kind) throws Exception {
        ContextBenchmark b = new ContextBenchmark();
        b.kind = kind;
        b.setUp();
        try {
            b.read(Blackholes.create()); // throws unless every read saw the value
            b.carryIntoChild(new CpuConfinement()); // throws unless the child saw it
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"future-get,throws", "future-get,returns", "uncaught-handler,throws", "uncaught-handler,returns",
            "queue,throws", "queue,returns", "completable-exceptionally,throws", "completable-exceptionally,returns"})
    void theParentReceivesTheChildsOwnExceptionOrValue(String kind, String outcome) throws Exception {
        FailureBenchmark b = new FailureBenchmark();
        b.kind = kind;
        b.outcome = outcome;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        try {
            Object first = b.childOutcomeToParent(); // throws unless it is the very instance thrown or returned
            if (outcome.equals("throws")) {
                assertEquals("child failure 1", assertInstanceOf(FailureBenchmark.ChildFailure.class, first).getMessage());
            } else {
                assertEquals(new FailureBenchmark.ChildResult(1), first);
            }
            assertInstanceOf(first.getClass(), b.childOutcomeToParent());
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-order", "completion-service", "invoke-all", "any-of"})
    void completionGivesTheFirstAndAllResults(String kind) throws Exception {
        CompletionBenchmark b = new CompletionBenchmark();
        b.kind = kind;
        b.setUp();
        try {
            long first = b.firstResult();
            b.awaitStragglers();
            if (kind.equals("in-order") || kind.equals("invoke-all")) {
                assertEquals(0, first, "in submission order, task 0 comes first");
            }
            long n = CompletionBenchmark.TASKS;
            assertEquals(n * (n - 1) / 2, b.allResults(), "every task's result, each once");
            b.awaitStragglers();
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"no-stage,common-pool", "no-stage,virtual", "then-apply,common-pool", "then-apply,virtual",
            "then-apply-async,common-pool", "then-apply-async,virtual", "when-complete,common-pool",
            "when-complete,virtual"})
    void chainRunsEveryStageAndTheControlNone(String kind, String executor) {
        ChainBenchmark b = new ChainBenchmark();
        b.kind = kind;
        b.executor = executor;
        b.stages = 16;
        b.setUp();
        try {
            long result = b.chain(); // throws unless every stage ran, each callback once
            boolean addsOne = kind.startsWith("then-apply");
            assertEquals(addsOne ? 1 + 16 : 1, result);
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"platform,200", "virtual,200", "process,2"})
    void footprintWeighsLiveBlockedUnitsAndEndsThem(String kind, int units) throws Exception {
        FootprintBenchmark b = new FootprintBenchmark();
        b.kind = kind;
        b.units = units;
        b.setUp();
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        profiler.beforeIteration(null, null);
        b.collectGarbage();
        b.startBlockedUnits();
        b.endAndWeigh();
        Map<String, Double> metrics = profiler.afterIteration(null, null, null).stream()
                .collect(Collectors.toMap(r -> r.getLabel(), r -> r.getScore()));
        b.tearDown();
        // This test JVM may give memory back between the readings (the benchmark's forks pin the
        // heap with -Xms = -Xmx and pre-touch it), so only what holds anywhere is asserted: the
        // threads' objects are on the heap; a child JVM holds megabytes of its own.
        assertEquals(metrics.get("bytesPerUnit"), metrics.get("heapBytesPerUnit") + metrics.get("nativeBytesPerUnit")
                + metrics.get("kernelBytesPerUnit"),
                1e-6 * Math.abs(metrics.get("bytesPerUnit")));
        if (kind.equals("process")) {
            assertTrue(metrics.get("nativeBytesPerUnit") > 1 << 20, metrics.toString());
        } else {
            assertTrue(metrics.get("heapBytesPerUnit") > 0, metrics.toString());
        }
    }

    @Test
    void footprintSkipsMoreChildJvmsThanMemoryAllows() {
        FootprintBenchmark b = new FootprintBenchmark();
        b.kind = "process";
        b.units = 10_000;
        var e = assertThrows(IllegalStateException.class, b::setUp);
        assertTrue(e.getMessage().startsWith("skipped by design: process would start 10000 child JVMs"), e.getMessage());
        assertTrue(FootprintBenchmark.SKIPS.cannotRun(Map.of("kind", "virtual", "units", "10000")).isEmpty());
    }

    @Test
    void unknownKindsNameTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LockKind.named("spin"));
        assertEquals("unknown LockKind 'spin'; known: synchronized, reentrant, reentrant-fair, read-write, "
                + "stamped, atomic, adder, adder-sum", e.getMessage());
    }

}
