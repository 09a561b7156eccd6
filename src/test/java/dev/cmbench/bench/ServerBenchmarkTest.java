package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.load.StepResult;
import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The load step outside JMH, with the harness in its own processes as in a fork: it serves, reports
 * every figure it claims, and leaves nothing behind; a wrong reply fails it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("rawtypes") // JMH hands results over as raw Result (RunResult, IterationResult)
class ServerBenchmarkTest {

    private static final IterationParams MEASUREMENT = new IterationParams(IterationType.MEASUREMENT, 1,
            TimeValue.NONE, 1);

    @Test
    void aStepReportsItsLatencyRateAndCpuOfServerAndHarnessAndLeavesNothing() throws Exception {
        ServerBenchmark b = new ServerBenchmark();
        b.kind = "event-loop";
        b.workload = "mixed";
        b.rate = 500;
        b.connections = 20;
        b.poolSize = 0;
        b.stepMillis = 200;
        SecondaryMetricsProfiler profiler = new SecondaryMetricsProfiler();
        Map<String, Double> figures;
        b.setUp();
        try {
            profiler.beforeIteration(null, MEASUREMENT);
            b.loadStep(Blackholes.create());
            figures = profiler.afterIteration(null, MEASUREMENT, null).stream()
                    .collect(Collectors.toMap(Result::getLabel, Result::getScore));
        } finally {
            b.tearDown();
        }
        for (String figure : new String[] {"latency.p50", "latency.p99", "latency.p99.9", "achievedRate",
                "serverCpuPerRequest", "serverAllocPerRequest", "generatorCpuPerRequest", "backendCpuPerRequest",
                "timeouts", "generatorBehind", "generatorLagP99", "backendLatenessP99"}) {
            assertTrue(figures.containsKey(figure), figure + " missing from " + figures.keySet());
        }
        assertTrue(figures.get("latency.p50") >= 1.0, "a request waits at least the backend's 1 ms: " + figures);
        assertTrue(figures.get("achievedRate") > 0, figures.toString());
        assertTrue(figures.get("serverCpuPerRequest") > 0 && figures.get("generatorCpuPerRequest") > 0
                && figures.get("backendCpuPerRequest") > 0, figures.toString());
        assertEquals(0.0, figures.get("timeouts"), figures.toString());
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    @Test
    void aStepWithAWrongReplyFailsNamingTheKindAndTheCount() {
        StepResult seen = new StepResult(1000, 1_000_000_000L, 1000, 1000, 0, 2, "reply to request 7 has checksum 1",
                0, 1000, 1000, 1000, 1, new Histogram(3));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerBenchmark.requireRightReplies("virtual", seen));
        assertEquals("virtual gave 2 wrong replies in a step of 1000 requests; the first: reply to request 7 has checksum 1",
                e.getMessage());
        ServerBenchmark.requireRightReplies("virtual", new StepResult(1000, 1_000_000_000L, 1000, 1000, 0, 0, "", 0,
                1000, 1000, 1000, 1, new Histogram(3)));
    }

    @Test
    void moreConnectionsThanTheMachineAllowsAreRefusedBeforeAnythingStarts() {
        ServerBenchmark b = new ServerBenchmark();
        b.kind = "virtual";
        b.workload = "io";
        b.rate = 1000;
        b.connections = 100_000_000;
        b.poolSize = 0;
        b.stepMillis = 200;
        IllegalStateException e = assertThrows(IllegalStateException.class, b::setUp);
        assertTrue(e.getMessage().startsWith("skipped by design: 100000000 connections need"), e.getMessage());
    }

    @Test
    void aPoolSizeOnlyFixedPoolTakesIsRefusedForAnotherKind() {
        ServerBenchmark b = new ServerBenchmark();
        b.kind = "virtual";
        b.workload = "io";
        b.rate = 1000;
        b.connections = 10;
        b.poolSize = 200;
        b.stepMillis = 200;
        IllegalStateException e = assertThrows(IllegalStateException.class, b::setUp);
        assertTrue(e.getMessage().contains("means nothing to virtual"), e.getMessage());
    }
}
