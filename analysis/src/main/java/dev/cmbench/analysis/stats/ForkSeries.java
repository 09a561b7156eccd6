package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.stat.StatUtils;

/**
 * One figure of a result, fork by fork: the value each fork gave, and the scale an interval of
 * them is taken on. Forks are the replicates; their values come from the iterations of each:
 * <ul>
 *   <li>the mean of its measurement iterations, for a score measured over time (avgt, thrpt,
 *       sample): each iteration holds thousands of operations, and the mean is what JMH reports;</li>
 *   <li>the median of its shots, for single-shot mode (ss): a handful of shots, of which one can
 *       be wild (a virtual thread's footprint read 6 730 B in one shot of ten, 629 B in the rest);</li>
 *   <li>a latency percentile of the fork's own merged histogram, for the per-task latency logs.</li>
 * </ul>
 * None (empty) with fewer than two forks, a value that is not finite, or a score that is not the
 * mean of the iterations it lists (beyond 1 %, which leaves room for sample mode's weighting): an
 * {@code @AuxCounters} events counter is their sum, and a profiler's metric that some iterations
 * did not report is averaged by JMH over all of them; an interval of the forks would then sit
 * around another number.
 *
 * @param name   {@link #PRIMARY} for the score, else the secondary metric's name, or
 *               {@code latency p99} for a percentile of the latency logs
 * @param values one value a fork, in the metric's unit (ns for latency)
 */
public record ForkSeries(String name, double[] values, IntervalScale scale) {

    public static final String PRIMARY = "";
    /** How far JMH's score may lie from the mean of its iterations, relative, and still be that mean. */
    private static final double SCORE_TOLERANCE = 0.01;

    /**
     * Every figure of {@code r} that has forks to spread, in {@code set} (its env.json gives the
     * bounds, its latency logs the percentiles): the score, held above the ideal bound where it is
     * a batch; each secondary metric; the latency percentiles of the logs, held above a task's own
     * sleep and compute, in place of the profiler's averages of per-iteration percentiles.
     */
    static List<ForkSeries> all(JmhResult r, ResultSet set) {
        List<ForkSeries> all = new ArrayList<>();
        Environment env = set.environment();
        of(r, r.primary(), PRIMARY, Bounds.idealBoundNanos(r, env).orElse(Double.NaN)).ifPresent(all::add);
        List<Histogram> logs = set.latencyLogs().get(new LatencyLogs.Identity(r.benchmark(), r.params()));
        double taskBound = Bounds.taskBoundNanos(r, env).orElse(Double.NaN);
        r.secondary().forEach((name, metric) -> {
            boolean percentile = loggedName(name).isPresent();
            if (!(percentile && logs != null)) {
                of(r, metric, name, percentile ? taskBound : Double.NaN).ifPresent(all::add);
            }
        });
        if (logs != null) {
            ReportBuilder.LATENCY_METRICS.keySet().stream().sorted()
                    .forEach(p -> latency(p, logs, taskBound).ifPresent(all::add));
        }
        return all;
    }

    /**
     * The forks of {@code metric} of {@code r}, named {@code name}, held above {@code boundNanos}
     * (a time per operation; NaN: no bound).
     */
    static Optional<ForkSeries> of(JmhResult r, Metric metric, String name, double boundNanos) {
        List<double[]> forks = metric.forks().stream().filter(f -> f.length > 0).toList();
        boolean shots = r.mode().equals("ss");
        double[] values = forks.stream().mapToDouble(f -> shots ? Bounds.median(f) : StatUtils.mean(f)).toArray();
        if (values.length < 2 || Arrays.stream(values).anyMatch(v -> !Double.isFinite(v))) {
            return Optional.empty();
        }
        double iterationMean = forks.stream().flatMapToDouble(Arrays::stream).average().orElseThrow();
        if (!(Math.abs(metric.score() - iterationMean) <= SCORE_TOLERANCE * Math.abs(iterationMean))) {
            return Optional.empty();
        }
        ScoreUnit unit = metric.unit();
        double bound = unit.isTime() && unit.lowerIsBetter() ? unit.fromBase(boundNanos) : Double.NaN;
        return Optional.of(new ForkSeries(name, values, IntervalScale.choose(unit.isTime(), values, bound)));
    }

    /** Percentile {@code p} of each fork's latency histogram, in ns, held above {@code taskBoundNanos}. */
    static Optional<ForkSeries> latency(double p, List<Histogram> forks, double taskBoundNanos) {
        double[] values = forks.stream().mapToDouble(h -> h.getValueAtPercentile(p)).toArray();
        if (values.length < 2) {
            return Optional.empty();
        }
        return Optional.of(new ForkSeries(latencyName(p), values, IntervalScale.choose(true, values, taskBoundNanos)));
    }

    static String latencyName(double p) {
        return "latency p" + ScoreUnit.number(p);
    }

    /**
     * The series of the latency logs that stands for percentile metric {@code metricName} where a
     * run kept logs ("latency.p99" → "latency p99", in ns); empty for any other metric.
     */
    static Optional<String> loggedName(String metricName) {
        return ReportBuilder.LATENCY_METRICS.entrySet().stream().filter(e -> e.getValue().equals(metricName))
                .map(e -> latencyName(e.getKey())).findFirst();
    }

    /** The median of the fork values: what a cell shows, so that one fork far from the others cannot set it. */
    double median() {
        if (values.length % 2 == 1) {
            return Bounds.median(values);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return scale.invert((scale.apply(sorted[mid - 1]) + scale.apply(sorted[mid])) / 2);
    }

    /** The mean on the scale, back in the metric's unit: where an interval of these forks is centred. */
    double mean() {
        return ForkInterval.centre(values, scale);
    }
}
