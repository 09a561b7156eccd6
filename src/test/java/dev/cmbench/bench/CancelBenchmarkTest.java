package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.Result;

/**
 * The cancel benchmarks time what they claim: a cancel lands only on a victim seen sleeping, the
 * figure ends at the victim's own end stamp after an interrupt from inside its sleep, the kind
 * whose cancel does not stop its task is measured apart, and no victim outlives a trial.
 * Timeouts guard against hangs only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("rawtypes") // JMH hands results over as raw Result (RunResult, IterationResult)
class CancelBenchmarkTest {

    private static final int INVOCATIONS = 50;

    private final List<Thread> victims = new ArrayList<>();

    @AfterEach
    void nothingLeft() throws InterruptedException {
        for (Thread victim : victims) {
            assertTrue(victim.join(Duration.ofSeconds(10)), victim + " outlived its trial");
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource({"future-pool,fresh", "future-pool,warm", "future-virtual,fresh", "future-virtual,warm",
            "interrupt-platform,fresh", "interrupt-platform,warm", "interrupt-virtual,fresh", "interrupt-virtual,warm"})
    void cancelLandsOnlyOnASleepingVictim(String kind, String victim) throws Exception {
        CancelBenchmark b = stopping(kind, victim);
        try {
            for (int i = 0; i < INVOCATIONS; i++) {
                b.startVictim();
                victims.add(b.task.thread());
                b.cancelToObservedEnd();
                assertEquals(Thread.State.TIMED_WAITING, b.stateAtCancel, "invocation " + i);
                b.endVictim();
            }
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"future-pool,fresh", "future-pool,warm", "future-virtual,fresh", "future-virtual,warm",
            "interrupt-platform,fresh", "interrupt-platform,warm", "interrupt-virtual,fresh", "interrupt-virtual,warm"})
    void theVictimEndsByItsInterruptAfterTheCancelStamp(String kind, String victim) throws Exception {
        CancelBenchmark b = stopping(kind, victim);
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Map<String, Result> metrics;
        try {
            profiler.beforeIteration(null, null);
            b.startIteration();
            for (int i = 0; i < INVOCATIONS; i++) {
                b.startVictim();
                victims.add(b.task.thread());
                b.cancelToObservedEnd();
                assertTrue(b.task.hasEnded(), "the benchmark returns only once the victim has ended");
                assertTrue(b.task.interruptedInSleep(), "ended by InterruptedException from inside sleep");
                assertTrue(b.task.endedAtNanos() > b.cancelAtNanos, "the victim's end stamp follows the cancel stamp");
                b.endVictim();
            }
            b.gaugeVictimEnds();
            metrics = profiler.afterIteration(null, null, null).stream()
                    .collect(Collectors.toMap(Result::getLabel, r -> r));
        } finally {
            b.tearDown();
        }
        assertEquals(INVOCATIONS, b.victimEnds.getTotalCount(), "one cancel-to-victim-end interval per invocation");
        assertEquals(Set.of("cancelToVictimEnd", "cancelToVictimEnd.p50"), metrics.keySet());
        for (Result metric : metrics.values()) {
            assertEquals("us", metric.getScoreUnit());
            assertTrue(metric.getScore() > 0, metric.toString());
        }
    }

    /**
     * A warm victim runs on the same long-lived thread invocation after invocation, a fresh one on
     * a thread of its own each time: the two columns compare what their names say.
     */
    @ParameterizedTest
    @ValueSource(strings = {"future-pool", "future-virtual", "interrupt-platform", "interrupt-virtual"})
    void aWarmVictimReusesOneThreadAndAFreshOneNever(String kind) throws Exception {
        assertEquals(1, victimThreads(kind, "warm").size(), kind + " warm");
        assertEquals(5, victimThreads(kind, "fresh").size(), kind + " fresh");
    }

    /** The distinct threads five victims ran on. */
    private Set<Thread> victimThreads(String kind, String victim) throws Exception {
        CancelBenchmark b = stopping(kind, victim);
        Set<Thread> threads = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (int i = 0; i < 5; i++) {
                b.startVictim();
                threads.add(b.task.thread());
                b.cancelToObservedEnd();
                b.endVictim();
            }
        } finally {
            b.tearDown();
        }
        victims.addAll(threads);
        return threads;
    }

    @Test
    void kindsWhoseLibraryDecidesTheThreadHaveOneColumnAndTheOthersBoth() {
        for (String kind : new String[] {"future-pool", "future-virtual", "interrupt-platform", "interrupt-virtual"}) {
            for (String victim : new String[] {"fresh", "warm"}) {
                assertTrue(CancelBenchmark.SKIPS.meaningless(Map.of("kind", kind, "victim", victim)).isEmpty(), kind);
            }
        }
        assertTrue(CancelBenchmark.SKIPS.meaningless(Map.of("kind", "structured", "victim", "warm")).isPresent());
        assertTrue(CancelBenchmark.SKIPS.meaningless(Map.of("kind", "structured", "victim", "fresh")).isEmpty());
        assertEquals(Optional.of("coroutine has no fresh victim: its library decides the thread (warm only)"),
                CancelBenchmark.SKIPS.meaningless(Map.of("kind", "coroutine", "victim", "fresh")));
        assertTrue(CancelBenchmark.SKIPS.cannotRun(Map.of("kind", "coroutine", "victim", "fresh")).isEmpty(),
                "no configuration, not one that cannot run here: nothing to list as skipped");
    }

    @Test
    void completableFutureIsNotMeasuredByTheMethodOfTheStoppingKinds() throws Exception {
        Set<CancelKind> stopping = kindsOf(CancelBenchmark.class);
        Set<CancelKind> returning = kindsOf(CancelReturnsBenchmark.class);
        assertTrue(stopping.stream().allMatch(CancelKind::interrupts), "CancelBenchmark's kinds: " + stopping);
        assertTrue(returning.stream().noneMatch(CancelKind::interrupts), "CancelReturnsBenchmark's kinds: " + returning);
        assertFalse(stopping.contains(CancelKind.COMPLETABLE_FUTURE));
        assertEquals(EnumSet.allOf(CancelKind.class), union(stopping, returning), "every kind is measured once");

        CancelBenchmark toEnd = new CancelBenchmark();
        toEnd.kind = "completable-future";
        toEnd.victim = "fresh";
        var refused = assertThrows(IllegalArgumentException.class, () -> toEnd.setUp(new CpuConfinement()));
        assertEquals("completable-future does not stop its task (its cancel does not interrupt): "
                + "CancelReturnsBenchmark measures it", refused.getMessage());
        CancelReturnsBenchmark toReturn = new CancelReturnsBenchmark();
        toReturn.kind = "interrupt-virtual";
        refused = assertThrows(IllegalArgumentException.class, toReturn::setUp);
        assertEquals("interrupt-virtual stops its task: CancelBenchmark measures it", refused.getMessage());
    }

    @Test
    void completableFutureCancelReturnsAndLeavesItsTaskRunning() throws Exception {
        CancelReturnsBenchmark b = new CancelReturnsBenchmark();
        b.kind = "completable-future";
        b.setUp();
        CancelReturnsBenchmark.Outcome outcome = new CancelReturnsBenchmark.Outcome();
        try {
            for (int i = 0; i < INVOCATIONS; i++) {
                b.startVictim();
                victims.add(b.task.thread());
                b.cancelReturns(outcome);
                assertEquals(Thread.State.TIMED_WAITING, b.stateAtCancel, "invocation " + i);
                b.endVictim();
                assertTrue(b.task.interruptedInSleep(), "the tear-down, not the cancel, ended it");
            }
        } finally {
            b.tearDown();
        }
        assertEquals(INVOCATIONS, outcome.tasksLeftRunning, "CompletableFuture.cancel does not interrupt");
    }

    private static CancelBenchmark stopping(String kind, String victim) {
        CancelBenchmark b = new CancelBenchmark();
        b.kind = kind;
        b.victim = victim;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        return b;
    }

    private static Set<CancelKind> kindsOf(Class<?> benchmark) throws NoSuchFieldException {
        String[] ids = benchmark.getField("kind").getAnnotation(Param.class).value();
        return Arrays.stream(ids).map(CancelKind::named).collect(Collectors.toCollection(() -> EnumSet.noneOf(CancelKind.class)));
    }

    private static Set<CancelKind> union(Set<CancelKind> a, Set<CancelKind> b) {
        Set<CancelKind> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
