package dev.cmbench.analysis.stats;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The interval the report shows beside a score: where the mean of a repeat run of the same code,
 * with as many forks, should land, judged from the spread of this run's fork means and, where
 * repeat pairs say how far runs an hour apart move, that between-run component too.
 *
 * <p>Why forks and not iterations: iterations of one fork share a JVM (its JIT decisions, heap
 * and code layout) and minutes of the machine's life, so they are not independent samples. JMH's
 * {@code scoreError} pools the iterations of all forks as if they were, and comes out so narrow
 * that two runs of the same code landed inside each other's 99.9 % interval on only 40-49 % of
 * rows. A fork is a new JVM, the smallest unit that repeats everything (as in {@link ForkTest}).
 *
 * <p>How: each fork's value ({@link ForkSeries}: the mean of its measurement iterations, the
 * median of its shots), on the metric's {@link IntervalScale} (the log of a time, or the raw
 * value), their mean {@code m} and sample
 * standard deviation {@code s} over {@code n} forks, and within a run
 * {@code h = t(n-1, 0.975) · s · sqrt(1/n + 1/n)}; the interval is {@code [g⁻¹(m - h), g⁻¹(m + h)]}.
 * Between runs the variance of the difference of two runs' means gains twice the between-run
 * variance {@code σb²} ({@link BetweenRuns}, estimated from other repeat pairs, never from the run
 * it is checked against): {@code h = t(ν, 0.975) · sqrt(2 s²/n + 2 σb²)}, with Welch–Satterthwaite's
 * {@code ν} from the {@code n - 1} degrees of freedom of {@code s²} and those of {@code σb²}, and
 * never less than the within-run {@code h}: the interval between runs holds the one within.
 * <ul>
 *   <li>{@code sqrt(1/n + 1/n)}, not {@code sqrt(1/n)}: a prediction interval for the mean of a
 *       new run of {@code n} forks (whose own sampling error adds a second {@code 1/n}), not a
 *       confidence interval for the true mean, which a repeat run would miss far more often. The
 *       question a reader asks of the interval is "would the next run land here".</li>
 *   <li>95 %, two-sided: a repeat run's mean falls inside on about 95 % of rows when fork means
 *       are log-normal; in practice a little less, still above the 90 % the report aims for.</li>
 *   <li>Log scale: times are positive and vary by factors (a slow JVM is slower by a ratio), so
 *       the interval is one of ratios, asymmetric around the score and never below zero; where a
 *       physical bound is known, its low end is cut at the bound ({@link IntervalScale}).</li>
 *   <li>Raw scale for sizes and counts, and for any metric with a fork mean of zero or below: the
 *       same t-interval on the raw fork means. A footprint's bytes per unit is a slope of memory
 *       over units; it can be zero or negative in one fork, and near zero in one and not in the
 *       other (a virtual thread's native bytes, 0.2 and 25 B, gave a log-scale interval up to
 *       2e19 B).</li>
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
 * @param low         the lower end, in the metric's unit
 * @param high        the upper end, in the metric's unit
 * @param forks       the fork values it rests on
 * @param scale       the scale it was computed on
 * @param betweenRuns whether it holds a between-run component (else: the spread within this run only)
 * @param cutAtBound  whether its low end reached below the physical bound and was cut there
 */
public record ForkInterval(double low, double high, int forks, IntervalScale scale, boolean betweenRuns,
        boolean cutAtBound) {

    /** Two-sided confidence of the interval. */
    public static final double CONFIDENCE = 0.95;

    /**
     * The interval of these fork values on {@code scale}, with the between-run component
     * {@code between} (null or a zero variance: within the run only). Needs two values or more.
     */
    static ForkInterval of(double[] forkValues, IntervalScale scale, BetweenRuns.Component between) {
        double[] values = scale.apply(forkValues);
        int n = values.length;
        double centre = StatUtils.mean(values);
        double within = 2 * StatUtils.variance(values) / n;
        double betweenVariance = between == null ? 0 : 2 * scale.absoluteVariance(between.variance(), centre);
        double half = quantile(n - 1) * Math.sqrt(within);
        if (betweenVariance > 0) {
            double denominator = within * within / (n - 1) + betweenVariance * betweenVariance / between.degrees();
            double degrees = denominator > 0 ? Math.pow(within + betweenVariance, 2) / denominator : 1e9;
            // Never narrower than the spread within the run alone: a well-known σb raises the degrees
            // of freedom, and with two forks t(1) = 12.7 would fall to about 3 for a wider variance.
            half = Math.max(half, quantile(degrees) * Math.sqrt(within + betweenVariance));
        }
        double low = scale.invert(centre - half);
        boolean cut = low < scale.bound(); // false against NaN: no bound known
        return new ForkInterval(cut ? scale.bound() : low, scale.invert(centre + half), n, scale, betweenVariance > 0, cut);
    }

    private static double quantile(double degrees) {
        return new TDistribution(Math.min(degrees, 1e9)).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    /** The mean of {@code forkValues} on {@code scale}, back in the metric's unit: what an interval is centred on. */
    static double centre(double[] forkValues, IntervalScale scale) {
        return scale.invert(StatUtils.mean(scale.apply(forkValues)));
    }

    public boolean logScale() {
        return scale.isLog();
    }

    /** Half the interval's width relative to {@code score}: 0.05 for ±5 %. */
    double relativeHalfWidth(double score) {
        return (high - low) / 2 / Math.abs(score);
    }

    /** Both ends through a monotonic conversion (to ns, or ns per op from a throughput), in order. */
    public ForkInterval map(DoubleUnaryOperator convert) {
        double a = convert.applyAsDouble(low);
        double b = convert.applyAsDouble(high);
        return new ForkInterval(Math.min(a, b), Math.max(a, b), forks, scale, betweenRuns, cutAtBound);
    }

    /** Whether {@code value} lies inside, ends included. */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** Whether the two intervals share no point. */
    boolean disjointFrom(ForkInterval other) {
        return high < other.low || other.high < low;
    }
}
