package dev.cmbench.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.StatUtils;
import org.openjdk.jmh.results.AggregationPolicy;

/**
 * What the result says about one fork's time-boxed rounds. Every iteration reports, through
 * {@link SecondaryMetricsProfiler}:
 * <ul>
 *   <li>{@code nsPerOp}: the time its rounds ran over the operations done in them, the figure;</li>
 *   <li>{@code roundNsPerOp.min} and {@code roundNsPerOp.max}: its fastest and its slowest round,
 *       which JMH combines over iterations and forks by min and by max, not by mean, so a run whose
 *       rounds went at two speeds shows both speeds, not only their mean;</li>
 *   <li>fairness, each the mean over its rounds: {@code workerShare.fewest} and
 *       {@code workerShare.most}, the fewest and the most operations one worker did in a round as a
 *       share of an even split (1 and 1 when every worker did the same; near 0 and the number of
 *       workers when one ran while the others waited), and {@code workersRan}, how many workers
 *       began before the round's stop flag (on virtual threads that never block, the carriers'
 *       number).</li>
 * </ul>
 * A fork has two regimes when the third quartile of its measured rounds' ns/op is at least
 * {@value #SEPARATED} × the first: each quartile ignores up to a quarter of the rounds on its
 * side, so one stalled round (a collection, a host hiccup) does not make a regime, while two
 * speeds that each hold a quarter of the rounds or more push the quartiles as far apart as they are.
 */
final class RoundLog {

    static final double SEPARATED = 1.5;

    private final List<Double> measured = new ArrayList<>();
    private boolean measuring;
    private long nanos;
    private long operations;
    private double fastest;
    private double slowest;
    private int rounds;
    private double fewestShares;
    private double mostShares;
    private long workersRan;

    void startIteration(boolean measurement) {
        measuring = measurement;
        nanos = 0;
        operations = 0;
        fastest = Double.POSITIVE_INFINITY;
        slowest = 0;
        rounds = 0;
        fewestShares = 0;
        mostShares = 0;
        workersRan = 0;
    }

    void add(TimeBoxedRounds.Round round) {
        nanos += round.nanos();
        operations += round.operations();
        fastest = Math.min(fastest, round.nanosPerOperation());
        slowest = Math.max(slowest, round.nanosPerOperation());
        rounds++;
        fewestShares += round.fairness().fewestShare(round.operations());
        mostShares += round.fairness().mostShare(round.operations());
        workersRan += round.fairness().ran();
        if (measuring) {
            measured.add(round.nanosPerOperation());
        }
    }

    boolean measuring() {
        return measuring;
    }

    void reportIteration() {
        SecondaryMetricsProfiler.gauge("nsPerOp", (double) nanos / operations, "ns/op");
        SecondaryMetricsProfiler.gauge("roundNsPerOp.min", fastest, "ns/op", AggregationPolicy.MIN);
        SecondaryMetricsProfiler.gauge("roundNsPerOp.max", slowest, "ns/op", AggregationPolicy.MAX);
        SecondaryMetricsProfiler.gauge("workerShare.fewest", fewestShares / rounds, "x");
        SecondaryMetricsProfiler.gauge("workerShare.most", mostShares / rounds, "x");
        SecondaryMetricsProfiler.gauge("workersRan", (double) workersRan / rounds, "threads");
    }

    int measuredRounds() {
        return measured.size();
    }

    /** The first quartile of the measured rounds' ns/op: a quarter of them were this fast or faster. */
    double p25() {
        return percentile(25);
    }

    /** The third quartile of the measured rounds' ns/op: a quarter of them were this slow or slower. */
    double p75() {
        return percentile(75);
    }

    boolean twoRegimes() {
        return p75() >= SEPARATED * p25();
    }

    private double percentile(double p) {
        return StatUtils.percentile(measured.stream().mapToDouble(Double::doubleValue).toArray(), p);
    }
}
