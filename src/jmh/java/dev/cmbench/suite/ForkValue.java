package dev.cmbench.suite;

import java.util.Arrays;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;

/**
 * One fork's value, as {@code run.json} keeps it beside the fork's environment: the mean of its
 * measurement iterations (what the paired test takes) and their median, the robust value that a
 * single slow iteration (a deoptimization, a host hiccup of a few hundred milliseconds) does not
 * move. With four iterations or more the two can be set side by side; the median of fewer is
 * still written, and says less.
 *
 * @param mean       the mean of the measurement iterations' primary scores
 * @param median     their median (the mean of the middle two for an even count)
 * @param iterations how many measurement iterations (single shots: shots) there were
 * @param unit       the primary score's unit, as JMH writes it
 */
record ForkValue(double mean, double median, int iterations, String unit) {

    /** The value of a fork's only result; null when it has no measurement iteration. */
    static ForkValue of(RunResult result) {
        BenchmarkResult benchmark = result.getBenchmarkResults().iterator().next();
        double[] scores = benchmark.getIterationResults().stream()
                .mapToDouble(iteration -> iteration.getPrimaryResult().getScore()).toArray();
        if (scores.length == 0) {
            return null;
        }
        return new ForkValue(Arrays.stream(scores).average().orElseThrow(), median(scores), scores.length,
                result.getPrimaryResult().getScoreUnit());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
