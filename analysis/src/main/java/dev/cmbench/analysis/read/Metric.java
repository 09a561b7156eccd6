package dev.cmbench.analysis.read;

import java.util.List;
import java.util.Map;

/**
 * One metric of a JMH result, primary or secondary, as JMH wrote it.
 *
 * @param score       the score; NaN or ±∞ when JMH wrote "NaN", "+INF", "-INF"
 * @param error       half-width of JMH's 99.9 % interval; NaN when JMH could not compute it
 *                    (fewer than 3 iterations)
 * @param percentiles JMH's scorePercentiles by percentile (50.0 → p50), possibly empty
 * @param forks       per fork, per measurement iteration: the iteration's score (from rawData,
 *                    or the mean of each iteration's rawDataHistogram in sample mode); may be empty
 */
public record Metric(double score, double error, ScoreUnit unit, Map<Double, Double> percentiles, List<double[]> forks) {

    public boolean scoreIsFinite() {
        return Double.isFinite(score);
    }

    public boolean errorKnown() {
        return Double.isFinite(error);
    }

    /** Error relative to the score: JMH's error / score. */
    public double relativeError() {
        return error / Math.abs(score);
    }

    int iterationCount() {
        return forks.stream().mapToInt(f -> f.length).sum();
    }
}
