package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.ResultSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Every figure's {@link Estimate}, by result and figure name ({@link ForkSeries#name}): the
 * intervals within a run and between runs, the centre a cell shows, and the forks far from the
 * others.
 *
 * <p>A fork is far from the others when the distance, on the figure's scale, from its value to
 * the median of the other forks' exceeds {@value #OUTLIER_SPREADS} times the typical spread of
 * one fork in the family (a benchmark method and metric), and {@value #LEAST_FAR} on the log scale
 * (a factor of 1.28) at least: the typical spread is the square root of the median over the
 * family's figures of three forks or more of their forks' variance. A median, so that the few
 * figures with a far fork do not set the spread they are judged by; a family, because one figure's
 * three forks cannot tell a far fork from a wide spread; the least distance, because in a family
 * that spreads by 1 % a fork 10 % off is unusual but not what moves a reader's conclusion. In the
 * published full run this names 3 of 171 figures: the structured cpu batch's fork at 154.6 ms
 * against 54.3 and 52.7 (1.06 on the log scale, 41 typical spreads), one of the invokeAll
 * completions (0.29, where its family's forks spread by 0.002) and a lock-sleep round (0.32); the
 * next were 0.42 away at 3-4 spreads (forks of context and chain figures, which spread widely).
 */
final class Estimates {

    static final double OUTLIER_SPREADS = 8;
    /** The least relative distance (on the scale) at which a fork is called far. */
    static final double LEAST_FAR = 0.25;

    private final Map<JmhResult, Map<String, Estimate>> byResult = new IdentityHashMap<>();

    private Estimates() {
    }

    static Estimates of(List<ResultSet> sets, BetweenRuns between) {
        Estimates estimates = new Estimates();
        Map<String, List<ForkSeries>> families = new LinkedHashMap<>();
        Map<ForkSeries, JmhResult> owners = new IdentityHashMap<>();
        for (ResultSet set : sets) {
            for (JmhResult r : set.results()) {
                if (r.failed()) {
                    continue;
                }
                for (ForkSeries series : ForkSeries.all(r, set)) {
                    families.computeIfAbsent(BetweenRuns.family(r, series.name()), k -> new ArrayList<>()).add(series);
                    owners.put(series, r);
                }
            }
        }
        Map<JmhResult, List<Histogram>> latencyLogs = new IdentityHashMap<>();
        for (ResultSet set : sets) {
            for (JmhResult r : set.results()) {
                estimates.byResult.put(r, new LinkedHashMap<>());
                List<Histogram> logs = set.latencyLogs().get(new LatencyLogs.Identity(r.benchmark(), r.params()));
                if (logs != null) {
                    latencyLogs.put(r, logs);
                }
            }
        }
        for (var family : families.entrySet()) {
            double spread = typicalSpread(family.getValue());
            for (ForkSeries series : family.getValue()) {
                JmhResult r = owners.get(series);
                List<Histogram> logs = latencyLogs.get(r);
                boolean percentile = series.name().startsWith("latency p") && logs != null;
                double centre = percentile ? LatencyLogs.merged(logs).getValueAtPercentile(percentileOf(series.name()))
                        : series.median();
                ForkInterval within = ForkInterval.of(series.values(), series.scale(), null);
                ForkInterval interval = between.known() ? ForkInterval.of(series.values(), series.scale(),
                        between.of(r, series.name())) : within;
                estimates.byResult.get(r).put(series.name(), new Estimate(series, centre, interval, within,
                        percentile ? -1 : farFork(series, spread), !percentile));
            }
        }
        return estimates;
    }

    /** The estimate of figure {@code name} of {@code r}; null where it has no forks to spread. */
    Estimate of(JmhResult r, String name) {
        Map<String, Estimate> figures = byResult.get(r);
        return figures == null ? null : figures.get(name);
    }

    /** Every estimate, for the report's account of its intervals. */
    List<Estimate> all() {
        return byResult.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    private static double percentileOf(String latencyName) {
        return Double.parseDouble(latencyName.substring("latency p".length()));
    }

    /** The square root of the median variance of a fork, on the scale, over the family's figures of three forks or more. */
    private static double typicalSpread(List<ForkSeries> family) {
        double[] variances = family.stream().filter(s -> s.values().length >= 3).mapToDouble(s -> {
            double[] y = s.scale().apply(s.values());
            double sd = s.scale().relative(Math.sqrt(StatUtils.variance(y)), StatUtils.mean(y));
            return sd * sd;
        }).filter(Double::isFinite).toArray();
        return variances.length == 0 ? Double.NaN : Math.sqrt(Bounds.median(variances));
    }

    /** The fork far from the others ({@link #OUTLIER_SPREADS} typical spreads from their median), -1 if none. */
    private static int farFork(ForkSeries series, double spread) {
        double[] y = series.scale().apply(series.values());
        if (y.length < 3 || !(spread > 0)) {
            return -1;
        }
        int far = -1;
        double farthest = 0;
        for (int k = 0; k < y.length; k++) {
            int skip = k;
            double[] others = IntStream.range(0, y.length).filter(i -> i != skip).mapToDouble(i -> y[i])
                    .toArray();
            double othersMedian = Bounds.median(others);
            double distance = Math.abs(series.scale().relative(y[k] - othersMedian, othersMedian));
            if (distance > farthest) {
                farthest = distance;
                far = k;
            }
        }
        return farthest > OUTLIER_SPREADS * spread && farthest > LEAST_FAR ? far : -1;
    }
}
