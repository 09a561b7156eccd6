package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Metric;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The interval the report shows beside a score: where the mean of a repeat run of the same code,
 * with as many forks, should land, judged from the spread of this run's fork means.
 *
 * <p>Why forks and not iterations: iterations of one fork share a JVM (its JIT decisions, heap
 * and code layout) and minutes of the machine's life, so they are not independent samples. JMH's
 * {@code scoreError} pools the iterations of all forks as if they were, and comes out so narrow
 * that two runs of the same code landed inside each other's 99.9 % interval on only 40-49 % of
 * rows. A fork is a new JVM, the smallest unit that repeats everything (as in {@link ForkTest}).
 *
 * <p>How: each fork's mean of its measurement iterations, the logarithm of each, their mean
 * {@code m} and sample standard deviation {@code s} over {@code n} forks, and
 * {@code h = t(n-1, 0.975) · s · sqrt(1/n + 1/n)}; the interval is {@code [exp(m - h), exp(m + h)]}.
 * <ul>
 *   <li>{@code sqrt(1/n + 1/n)}, not {@code sqrt(1/n)}: a prediction interval for the mean of a
 *       new run of {@code n} forks (whose own sampling error adds a second {@code 1/n}), not a
 *       confidence interval for the true mean, which a repeat run would miss far more often. The
 *       question a reader asks of the interval is "would the next run land here".</li>
 *   <li>95 %, two-sided: a repeat run's mean falls inside on about 95 % of rows when fork means
 *       are log-normal; in practice a little less, still above the 90 % the report aims for.</li>
 *   <li>Log scale: times are positive and vary by factors (a slow JVM is slower by a ratio), so
 *       the interval is one of ratios, asymmetric around the score and never below zero.</li>
 *   <li>Raw scale for sizes and counts, and for any metric with a fork mean of zero or below: the
 *       same t-interval on the raw fork means, and {@link #logScale()} says so. A footprint's bytes
 *       per unit is a slope of memory over units; it can be zero or negative in one fork, and
 *       near zero in one and not in the other (a virtual thread's native bytes, 0.2 and 25 B, gave
 *       a log-scale interval up to 2e19 B).</li>
 *   <li>One fork: no interval at all ({@link #of} is empty). Iterations of that one JVM cannot
 *       say how the next JVM will land, so JMH's pooled error is not offered in its place.</li>
 *   <li>None either when JMH's score is not the mean of the iterations it lists (beyond 1 %, which
 *       leaves room for sample mode, whose score weighs iterations by their sample counts): an
 *       {@code @AuxCounters} events counter is their sum, and a profiler's metric that some
 *       iterations did not report (the per-task latency percentiles) is averaged by JMH over
 *       all iterations. An interval of the mean would then sit around another number.</li>
 * </ul>
 * The t quantile is Commons Math's {@link TDistribution}, as in {@link ForkTest}.
 *
 * @param low      the lower end, in the metric's unit
 * @param high     the upper end, in the metric's unit
 * @param forks    the fork means it rests on
 * @param logScale false when a fork mean was not positive and the raw means were used
 */
public record ForkInterval(double low, double high, int forks, boolean logScale) {

    /** Two-sided confidence of the interval. */
    public static final double CONFIDENCE = 0.95;
    /** How far JMH's score may lie from the mean of its iterations, relative, and still be that mean. */
    private static final double SCORE_TOLERANCE = 0.01;

    /**
     * The interval of the metric's fork means; empty with fewer than two forks, a non-finite fork
     * mean, or a score that is not the mean of the iterations.
     */
    static Optional<ForkInterval> of(Metric metric) {
        double[] means = forkMeans(metric);
        if (means.length < 2 || Arrays.stream(means).anyMatch(m -> !Double.isFinite(m))) {
            return Optional.empty();
        }
        double iterationMean = metric.forks().stream().flatMapToDouble(Arrays::stream).average().orElseThrow();
        if (!(Math.abs(metric.score() - iterationMean) <= SCORE_TOLERANCE * Math.abs(iterationMean))) {
            return Optional.empty();
        }
        boolean logScale = metric.unit().isTime() && Arrays.stream(means).allMatch(m -> m > 0);
        double[] values = logScale ? Arrays.stream(means).map(Math::log).toArray() : means;
        int n = values.length;
        double centre = StatUtils.mean(values);
        double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        double half = t * Math.sqrt(StatUtils.variance(values)) * Math.sqrt(1.0 / n + 1.0 / n);
        DoubleUnaryOperator back = logScale ? Math::exp : v -> v;
        return Optional.of(new ForkInterval(back.applyAsDouble(centre - half), back.applyAsDouble(centre + half), n,
                logScale));
    }

    /** The mean of each fork's iterations, for the forks that have some. */
    private static double[] forkMeans(Metric metric) {
        return metric.forks().stream().filter(f -> f.length > 0).mapToDouble(StatUtils::mean).toArray();
    }

    /**
     * What an interval on this scale is centred on, for any run of the metric: the mean of its fork
     * means, geometric on a log scale (where every fork mean is positive); JMH's score when the
     * metric has no fork data. A repeat's centre is the value its first run's interval predicts.
     */
    static double centre(Metric metric, boolean logScale) {
        double[] means = forkMeans(metric);
        if (means.length == 0) {
            return metric.score();
        }
        if (logScale && Arrays.stream(means).allMatch(v -> v > 0)) {
            return Math.exp(StatUtils.mean(Arrays.stream(means).map(Math::log).toArray()));
        }
        return StatUtils.mean(means);
    }

    /** Half the interval's width relative to {@code score}: 0.05 for ±5 %. */
    double relativeHalfWidth(double score) {
        return (high - low) / 2 / Math.abs(score);
    }

    /** Both ends through a monotonic conversion (to ns, or ns per op from a throughput), in order. */
    public ForkInterval map(DoubleUnaryOperator convert) {
        double a = convert.applyAsDouble(low);
        double b = convert.applyAsDouble(high);
        return new ForkInterval(Math.min(a, b), Math.max(a, b), forks, logScale);
    }

    /** Whether the two intervals share no point. */
    boolean disjointFrom(ForkInterval other) {
        return high < other.low || other.high < low;
    }
}
