package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ObjectInputStream;
import java.util.Optional;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

import org.junit.jupiter.api.Test;

class ForkValueTest {

    @Test
    void oneSlowIterationMovesTheMeanButNotTheMedian() {
        double[] iterations = {5.0, 5.2, 9.0, 5.1}; // a first-iteration deoptimization, say

        assertEquals(5.15, ForkValue.median(iterations), 1e-12);
        assertEquals(5.0, ForkValue.median(new double[] {5.0, 9.0, 4.0}), 1e-12);
        assertEquals(5.0, ForkValue.median(new double[] {5.0}), 1e-12);
    }

    /** The look of a publish run steers forks by a fork's figure: the headline metric where a benchmark names one. */
    @Test
    void aForksValueIsOfItsBenchmarksHeadlineMetricWhereItNamesOne() {
        assertEquals(Optional.of("nsPerOp"), MarkedBenchmarks.headlineMetric("dev.cmbench.bench.LockBenchmark.round"));
        assertEquals(Optional.of("bytesPerUnit"),
                MarkedBenchmarks.headlineMetric("dev.cmbench.bench.FootprintBenchmark.startBlockedUnits"));
        assertEquals(Optional.of("cancelToVictimEnd"),
                MarkedBenchmarks.headlineMetric("dev.cmbench.bench.CancelBenchmark.cancelToObservedEnd"));
        assertEquals(Optional.empty(), MarkedBenchmarks.headlineMetric("dev.cmbench.bench.BatchBenchmark.makespan"));
        assertEquals(Optional.empty(), MarkedBenchmarks.headlineMetric("com.example.Missing.run"));
    }

    /** A fork of a lock round (kept from the full run of 2026-12-02): its value is ns per operation, not the 100 ms round. */
    @Test
    void aLockForksValueIsItsNsPerOpNotItsRoundLength() throws Exception {
        RunResult fork;
        try (ObjectInputStream in = new ObjectInputStream(
                getClass().getResourceAsStream("/forks/lock-stamped-platform-1.ser"))) {
            fork = (RunResult) in.readObject();
        }
        double[] nsPerOp = fork.getBenchmarkResults().iterator().next().getIterationResults().stream()
                .mapToDouble((IterationResult i) -> i.getSecondaryResults().get("nsPerOp").getScore()).toArray();

        ForkValue value = ForkValue.of(fork);
        assertEquals(10, value.iterations());
        assertEquals(java.util.Arrays.stream(nsPerOp).average().orElseThrow(), value.mean(), 1e-12);
        assertEquals(ForkValue.median(nsPerOp), value.median(), 1e-12);
        assertEquals("ns/op", value.unit());
    }
}
