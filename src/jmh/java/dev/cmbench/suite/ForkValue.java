package dev.cmbench.suite;

import dev.cmbench.bench.HeadlineMetric;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One fork's value, as {@code run.json} keeps it beside the fork's environment: the mean of its
 * measurement iterations (what the paired test takes) and their median, the robust value that a
 * single slow iteration (a deoptimization, a host hiccup of a few hundred milliseconds) does not
 * move. With four iterations or more the two can be set side by side; the median of fewer is
 * still written, and says less.
 *
 * <p>The value is of the benchmark's figure: its {@link HeadlineMetric} where it names one (a lock's
 * {@code nsPerOp}, a footprint's {@code bytesPerUnit}, a cancel's {@code cancelToVictimEnd}, a
 * server's {@code latency.p99}), else the primary score. The look of a publish run under a budget
 * steers forks by these values: in the full run of 2026-12-02, which took the primary score, it gave
 * forks to footprints whose start-up time was widest, not their bytes per unit, and to cancels whose
 * time until the canceller saw the end was widest.
 *
 * @param mean       the mean of the measurement iterations' scores of the figure
 * @param median     their median (the mean of the middle two for an even count)
 * @param iterations how many measurement iterations (single shots: shots) there were
 * @param unit       the figure's unit, as JMH writes it
 */
record ForkValue(double mean, double median, int iterations, String unit) {

    /** The value of a fork's only result; null when it has no measurement iteration. */
    static ForkValue of(RunResult result) {
        BenchmarkResult benchmark = result.getBenchmarkResults().iterator().next();
        List<IterationResult> iterations = List.copyOf(benchmark.getIterationResults());
        if (iterations.isEmpty()) {
            return null;
        }
        Optional<String> headline = MarkedBenchmarks.headlineMetric(result.getParams().getBenchmark())
                .filter(name -> iterations.stream().allMatch(i -> i.getSecondaryResults().containsKey(name)));
        Function<IterationResult, Result<?>> figure = headline.isPresent()
                ? i -> i.getSecondaryResults().get(headline.get()) : IterationResult::getPrimaryResult;
        double[] scores = iterations.stream().map(figure).mapToDouble(Result::getScore).toArray();
        return new ForkValue(Arrays.stream(scores).average().orElseThrow(), median(scores), scores.length,
                figure.apply(iterations.getFirst()).getScoreUnit());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
