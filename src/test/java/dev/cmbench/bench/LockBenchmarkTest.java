package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.Result;

/**
 * LockBenchmark's time-boxed rounds, called outside JMH: the counter stays exact, every worker
 * runs until the stop flag, JMH's {@code -t} is refused, and the figure and the fastest and slowest
 * rounds are reported. Timeouts guard against hangs only; no timing is asserted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("rawtypes") // JMH hands results over as raw Result (RunResult, IterationResult)
class LockBenchmarkTest {

    @AfterEach
    void nothingLeft() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    private static LockBenchmark lock(String kind, String thread, int threads, int roundMillis) {
        LockBenchmark b = new LockBenchmark();
        b.kind = kind;
        b.thread = thread;
        b.threads = threads;
        b.roundMillis = roundMillis;
        return b;
    }

    /** Four workers on two cores contend; a lock that let an increment slip would leave the count short. */
    @ParameterizedTest
    @EnumSource(LockKind.class)
    void everyLockKeepsTheCounterExactInTimeBoxedRounds(LockKind kind) throws Exception {
        for (String thread : new String[] {"platform", "virtual"}) {
            LockBenchmark b = lock(kind.id(), thread, 4, 20);
            b.setUp(1);
            try {
                long counted = 0;
                for (int round = 0; round < 3; round++) {
                    counted += b.round(Blackholes.create()).operations(); // throws if the count is off
                }
                assertTrue(counted >= 3 * 4, kind + " " + thread + ": " + counted);
                assertEquals(counted, b.count());
            } finally {
                b.tearDown();
            }
        }
    }

    /** Sixteen workers on two cores: every one takes part, and none stops before the flag. */
    @ParameterizedTest
    @ValueSource(strings = {"platform", "virtual"})
    void aRoundRunsUntilItsStopFlagWithEveryWorkerCounting(String thread) throws Exception {
        LockBenchmark b = lock("reentrant", thread, 16, 50);
        b.setUp(1);
        try {
            TimeBoxedRounds.Round round = b.round(Blackholes.create());
            assertTrue(round.fewestOperations() >= 1, round.toString());
            assertTrue(round.stopped() - round.released() >= TimeUnit.MILLISECONDS.toNanos(50),
                    "the flag is set a round's length after the release: " + round);
            assertTrue(round.firstEnded() >= round.stopped(), "no worker stops before the flag: " + round);
            assertTrue(round.nanos() > 0, round.toString());
            assertEquals(round.operations(), b.count());
        } finally {
            b.tearDown();
        }
    }

    /** JMH's -t 2 ran two rounds at once on one counter and failed as "synchronized lost increments: counter 0". */
    @Test
    void jmhThreadsAboveOneAreRefusedNamingTheParamToUse() {
        LockBenchmark b = lock("synchronized", "platform", 4, 100);
        var e = assertThrows(IllegalArgumentException.class, () -> b.setUp(2));
        assertTrue(e.getMessage().contains("use -p threads=N, not JMH's -t 2"), e.getMessage());
    }

    /** Each iteration: its figure, and its fastest and slowest round, which JMH keeps by min and max. */
    @Test
    void eachIterationReportsItsFigureAndItsExtremeRounds() throws Exception {
        LockBenchmark b = lock("atomic", "platform", 2, 10);
        b.setUp(1);
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        try {
            for (boolean measurement : new boolean[] {false, true, true}) {
                profiler.beforeIteration(null, null);
                b.startIteration(measurement);
                long nanos = 0;
                long operations = 0;
                double fastest = Double.MAX_VALUE;
                double slowest = 0;
                for (int i = 0; i < 3; i++) {
                    TimeBoxedRounds.Round round = b.round(Blackholes.create());
                    nanos += round.nanos();
                    operations += round.operations();
                    fastest = Math.min(fastest, round.nanosPerOperation());
                    slowest = Math.max(slowest, round.nanosPerOperation());
                }
                b.reportIteration(false);
                Map<String, Result> metrics = profiler.afterIteration(null, null, null).stream()
                        .collect(Collectors.toMap(Result::getLabel, r -> r));
                assertEquals(Set.of("nsPerOp", "roundNsPerOp.min", "roundNsPerOp.max", "workerShare.fewest",
                        "workerShare.most", "workersRan"), metrics.keySet());
                assertEquals((double) nanos / operations, metrics.get("nsPerOp").getScore(),
                        "the figure: time the rounds ran over their operations");
                assertEquals(fastest, metrics.get("roundNsPerOp.min").getScore());
                assertEquals(slowest, metrics.get("roundNsPerOp.max").getScore());
                assertTrue(Double.isNaN(metrics.get("roundNsPerOp.max").getScoreError()),
                        "an extreme, not a mean: JMH gives it no error");
            }
        } finally {
            b.tearDown();
        }
    }

    private static TimeBoxedRounds.Round round(long nanos, long operations) {
        return new TimeBoxedRounds.Round(nanos, operations, new TimeBoxedRounds.Fairness(1, 1, operations, operations),
                0, 0, 0, 0);
    }

    /**
     * On virtual threads a worker that never blocks keeps its carrier until the flag: of 16, only
     * as many as there are carriers begin before it. Platform threads are time-sliced, so more do.
     */
    @Test
    void workersRanSaysHowManyThreadsReallyRan() throws Exception {
        int carriers = Runtime.getRuntime().availableProcessors();
        assertTrue(ranInOneRound("virtual") <= carriers, "more virtual workers ran than there are carriers");
        assertTrue(ranInOneRound("platform") > carriers, "platform workers are time-sliced: more than "
                + carriers + " run in a round of 100 ms");
    }

    private static int ranInOneRound(String thread) throws Exception {
        LockBenchmark b = lock("atomic", thread, 16, 100);
        b.setUp(1);
        try {
            return b.round(Blackholes.create()).fairness().ran();
        } finally {
            b.tearDown();
        }
    }

    /** The shares of an even split: 1 and 1 when all did the same, 0 and the workers' number when one did all. */
    @Test
    void fairnessIsTheFewestAndMostOperationsAsSharesOfAnEvenSplit() {
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        profiler.beforeIteration(null, null);
        RoundLog log = new RoundLog();
        log.startIteration(true);
        log.add(new TimeBoxedRounds.Round(100, 400, new TimeBoxedRounds.Fairness(4, 4, 100, 100), 0, 0, 0, 0));
        log.add(new TimeBoxedRounds.Round(100, 400, new TimeBoxedRounds.Fairness(4, 1, 0, 400), 0, 0, 0, 0));
        log.reportIteration();
        Map<String, Double> metrics = profiler.afterIteration(null, null, null).stream()
                .collect(Collectors.toMap(Result::getLabel, Result::getScore));
        assertEquals((1 + 0) / 2.0, metrics.get("workerShare.fewest"));
        assertEquals((1 + 4) / 2.0, metrics.get("workerShare.most"));
        assertEquals((4 + 1) / 2.0, metrics.get("workersRan"));
    }

    @Test
    void twoSpeedsInAForkAreTwoRegimesButOneStalledRoundIsNot() {
        RoundLog switched = new RoundLog();
        switched.startIteration(false);
        switched.add(round(1_000, 1)); // warm-up rounds are not the fork's
        switched.startIteration(true);
        for (int i = 0; i < 20; i++) {
            switched.add(round(75, 10));
            switched.add(round(200, 10));
        }
        assertTrue(switched.twoRegimes());
        assertEquals(7.5, switched.p25());
        assertEquals(20, switched.p75());
        assertEquals(40, switched.measuredRounds());

        RoundLog stalledOnce = new RoundLog();
        stalledOnce.startIteration(true);
        for (int i = 0; i < 39; i++) {
            stalledOnce.add(round(75 + i % 3, 10));
        }
        stalledOnce.add(round(5_000, 10));
        assertFalse(stalledOnce.twoRegimes(), stalledOnce.p25() + " " + stalledOnce.p75());
    }
}
