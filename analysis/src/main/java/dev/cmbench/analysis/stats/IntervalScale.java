package dev.cmbench.analysis.stats;

import java.util.Arrays;

/**
 * The scale a metric's fork values are averaged and spread on, and the physical bound no
 * interval may reach below.
 * <ul>
 *   <li>{@link Kind#LOG}: the log of a time; its interval's low end is cut at the bound where it
 *       reaches below (a batch's ideal makespan, a task's own sleep and compute;
 *       {@link ForkInterval#cutAtBound()}). A log-scale interval of an io batch reached 9.08 ms,
 *       under the 10 ms every task sleeps. Cut rather than modelled on the log of the time above the
 *       bound: on the published repeat that model held 55 of 61 batches, the log of the time 59 of
 *       63, at the same median width, because near the bound a fork's small excess varies by
 *       large factors.</li>
 *   <li>{@link Kind#RAW}: sizes, counts and rates, and anything with a fork value of zero or below:
 *       a footprint's bytes per unit is a slope that can be near zero in one fork. Where no fork
 *       value is negative its bound is zero: in the full run of 2026-12-02, two forks of a
 *       fork-join pool's peak thread count, 439 threads, gave an interval from −91 threads. A
 *       metric with a negative fork value can be negative (a difference), and has no bound.</li>
 * </ul>
 * A spread on either is relative ({@link #relative}): on the log scale a difference of logs, on
 * the raw scale a difference over the value; so a between-run component estimated on one figure
 * can be applied to another of another size.
 *
 * @param bound the physical bound in the metric's unit, NaN where none is known
 */
public record IntervalScale(Kind kind, double bound) {

    public enum Kind { LOG, RAW }

    /** The scale for these fork values of a time ({@code isTime}) with this bound (NaN: none). */
    static IntervalScale choose(boolean isTime, double[] forkValues, double bound) {
        if (!isTime || Arrays.stream(forkValues).anyMatch(v -> !(v > 0))) {
            return new IntervalScale(Kind.RAW, Arrays.stream(forkValues).allMatch(v -> v >= 0) ? 0 : Double.NaN);
        }
        return new IntervalScale(Kind.LOG, bound);
    }

    double apply(double value) {
        return kind == Kind.LOG ? Math.log(value) : value;
    }

    double invert(double value) {
        return kind == Kind.LOG ? Math.exp(value) : value;
    }

    /** {@code values} on this scale. */
    double[] apply(double[] values) {
        return Arrays.stream(values).map(this::apply).toArray();
    }

    /** Whether every one of {@code values} can be put on this scale (the log needs them positive). */
    boolean takes(double[] values) {
        return kind == Kind.RAW || Arrays.stream(values).allMatch(v -> v > 0);
    }

    /**
     * A difference or a spread {@code onScale} as a relative one: itself on the log scale, over
     * {@code |centreOnScale|} on the raw scale (NaN at zero).
     */
    double relative(double onScale, double centreOnScale) {
        return kind == Kind.RAW ? onScale / Math.abs(centreOnScale) : onScale;
    }

    /** A relative variance as one on this scale around {@code centreOnScale}: the reverse of {@link #relative}, squared. */
    double absoluteVariance(double relativeVariance, double centreOnScale) {
        return kind == Kind.RAW ? relativeVariance * centreOnScale * centreOnScale : relativeVariance;
    }

    public boolean isLog() {
        return kind == Kind.LOG;
    }
}
