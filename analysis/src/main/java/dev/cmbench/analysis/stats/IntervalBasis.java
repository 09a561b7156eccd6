package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * What the report's intervals rest on, for the one sentence that says which interval they are:
 * how many forks, on which scale, and how many results have none.
 *
 * @param fewestForks             fewest fork means under any interval; 0 when there is no interval
 * @param mostForks               most fork means under any interval; 0 when there is no interval
 * @param rawScale                intervals on the raw fork means (a size or a count, or a fork mean
 *                                that was not positive)
 * @param oneFork                 finished results whose primary metric has fewer than two forks
 * @param medianRelativeHalfWidth median over primary scores of the interval's half-width / score;
 *                                NaN when no primary score has an interval
 */
public record IntervalBasis(int fewestForks, int mostForks, int rawScale, int oneFork, double medianRelativeHalfWidth) {

    static IntervalBasis of(List<JmhResult> results, Map<Metric, ForkInterval> intervals) {
        int fewest = intervals.values().stream().mapToInt(ForkInterval::forks).min().orElse(0);
        int most = intervals.values().stream().mapToInt(ForkInterval::forks).max().orElse(0);
        int raw = (int) intervals.values().stream().filter(i -> !i.logScale()).count();
        int oneFork = (int) results.stream().filter(r -> !r.failed())
                .filter(r -> r.primary().forks().stream().filter(f -> f.length > 0).count() < 2).count();
        double[] relative = results.stream().filter(r -> !r.failed()).map(r -> {
            ForkInterval interval = intervals.get(r.primary());
            return interval == null ? null : interval.relativeHalfWidth(r.primary().score());
        }).filter(Objects::nonNull).mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        return new IntervalBasis(fewest, most, raw, oneFork,
                relative.length == 0 ? Double.NaN : new Median().evaluate(relative));
    }

    public boolean anyInterval() {
        return mostForks >= 2;
    }
}
