package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * What the report's intervals rest on, for the sentences that say which interval they are: how
 * many forks, on which scale, at which level (within a run, between runs), and how many results
 * have none.
 *
 * @param fewestForks             fewest fork values under any interval; 0 when there is no interval
 * @param mostForks               most fork values under any interval; 0 when there is no interval
 * @param rawScale                intervals on the raw fork values (a size or a count, or a fork value
 *                                that was not positive)
 * @param aboveBound              intervals held above a physical bound (a batch's ideal makespan, a task's own sleep and compute)
 * @param cutAtBound              intervals whose low end was cut at the bound
 * @param oneFork                 finished results whose primary metric has fewer than two forks
 * @param medianRelativeHalfWidth median over primary scores of the shown interval's half-width / centre;
 *                                NaN when no primary score has an interval
 * @param medianRelativeHalfWidthWithinRun the same of the interval from each run's forks alone
 * @param betweenRuns             how far runs an hour apart move, from other repeat pairs; unknown
 *                                ({@link BetweenRuns#known()} false): the intervals are within a run
 */
public record IntervalBasis(int fewestForks, int mostForks, int rawScale, int aboveBound, int cutAtBound, int oneFork,
        double medianRelativeHalfWidth, double medianRelativeHalfWidthWithinRun, BetweenRuns betweenRuns) {

    static IntervalBasis of(List<JmhResult> results, Map<Metric, Estimate> estimates, List<Estimate> all,
            BetweenRuns betweenRuns) {
        int fewest = all.stream().mapToInt(e -> e.interval().forks()).min().orElse(0);
        int most = all.stream().mapToInt(e -> e.interval().forks()).max().orElse(0);
        int raw = (int) all.stream().filter(e -> !e.interval().logScale()).count();
        int above = (int) all.stream().filter(e -> Double.isFinite(e.interval().scale().bound())).count();
        int cut = (int) all.stream().filter(e -> e.interval().cutAtBound()).count();
        int oneFork = (int) results.stream().filter(r -> !r.failed())
                .filter(r -> r.primary().forks().stream().filter(f -> f.length > 0).count() < 2).count();
        return new IntervalBasis(fewest, most, raw, above, cut, oneFork, medianHalfWidth(results, estimates,
                Estimate::interval), medianHalfWidth(results, estimates, Estimate::withinRun), betweenRuns);
    }

    private static double medianHalfWidth(List<JmhResult> results, Map<Metric, Estimate> estimates,
            Function<Estimate, ForkInterval> which) {
        double[] relative = results.stream().filter(r -> !r.failed()).map(r -> {
            Estimate e = estimates.get(r.primary());
            return e == null ? null : which.apply(e).relativeHalfWidth(e.centre());
        }).filter(Objects::nonNull).mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        return relative.length == 0 ? Double.NaN : new Median().evaluate(relative);
    }

    public boolean anyInterval() {
        return mostForks >= 2;
    }
}
