package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * What a result measures beyond its control: a benchmark whose every call carries a fixed cost
 * (a chain's hand-off and join, a child's start and wake-ups) names, in env.json's
 * {@code controls}, the configuration that carries that cost alone (a chain of no stage, a child
 * that returns instead of throwing); the report shows, beside its table, each result's
 * difference from the control of the same other parameters, divided by a parameter where the
 * cost is per unit (per stage). A fixed cost is not divided into a per-item cost; it is measured
 * beside it and taken away.
 *
 * <p>The interval is where a repeat run's difference should land, as {@link ForkInterval}'s are
 * for a score: the two sets of fork means (different forks, interleaved in the same rounds) give
 * {@code d = (mean(a) − mean(c)) / k}, and its half-width is
 * {@code t(df, 0.975) · sqrt(2 · (s_a²/n_a + s_c²/n_c)) / k}, Welch's standard error with its
 * degrees of freedom (Welch–Satterthwaite), doubled in variance for the repeat's own error. On the
 * raw scale: a difference can be zero or negative.
 */
final class ControlDifference {

    private ControlDifference() {
    }

    /**
     * The difference table of {@code table} (a primary table), or empty when none of its results
     * has a control among {@code family}.
     *
     * @param controls each benchmark's control, by full name
     */
    static Optional<Report.Table> of(Report.Table table, List<JmhResult> family,
            Function<JmhResult, Map<String, Environment.Control>> controls) {
        Environment.Control named = null;
        List<List<Report.Cell>> grid = new ArrayList<>();
        for (Report.Row row : table.rows()) {
            List<Report.Cell> cells = new ArrayList<>();
            for (Report.Cell cell : row.cells()) {
                JmhResult result = cell.result();
                Environment.Control control = result == null ? null : controls.apply(result).get(result.benchmark());
                Optional<JmhResult> base = control == null ? Optional.empty() : controlOf(result, control, family);
                if (base.isPresent() && cell.hasScore() && base.get().primary().scoreIsFinite()) {
                    cells.add(difference(result, base.get(), control));
                    named = control;
                } else {
                    cells.add(Report.Cell.hole(null));
                }
            }
            grid.add(cells);
        }
        if (named == null) {
            return Optional.empty();
        }
        return Optional.of(withoutEmptyRowsAndColumns(table, grid, named));
    }

    /** The result with the same benchmark, mode, threads and params as {@code result} but the control's value. */
    private static Optional<JmhResult> controlOf(JmhResult result, Environment.Control control, List<JmhResult> family) {
        String own = result.params().get(control.param());
        if (own == null || own.equals(control.value())) {
            return Optional.empty();
        }
        TreeMap<String, String> wanted = new TreeMap<>(result.params());
        wanted.put(control.param(), control.value());
        // Of the same file: with several runs side by side, each result's control is its own run's.
        return family.stream().filter(r -> r.benchmark().equals(result.benchmark()) && r.mode().equals(result.mode())
                && r.threads() == result.threads() && r.params().equals(wanted) && r.source().equals(result.source()))
                .findFirst();
    }

    private static Report.Cell difference(JmhResult result, JmhResult base, Environment.Control control) {
        double per = control.per().isEmpty() ? 1 : Double.parseDouble(result.params().getOrDefault(control.per(), "1"));
        double[] a = forkMeans(result.primary());
        double[] c = forkMeans(base.primary());
        double d = a.length > 0 && c.length > 0 ? (StatUtils.mean(a) - StatUtils.mean(c)) / per
                : (result.primary().score() - base.primary().score()) / per;
        Metric metric = new Metric(d, Double.NaN, result.primary().unit(), Map.of(), List.of());
        ForkInterval interval = interval(a, c, per, d);
        Estimate estimate = interval == null ? null : new Estimate(new ForkSeries("difference", new double[] {d},
                RAW), d, interval, interval, -1, false);
        return new Report.Cell(result, metric, estimate, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
    }

    /** A difference is on the raw scale, with no bound: it may be negative. */
    private static final IntervalScale RAW = new IntervalScale(IntervalScale.Kind.RAW, Double.NaN);

    /** The repeat-run interval of the difference; null with fewer than two forks on either side. */
    static ForkInterval interval(double[] a, double[] c, double per, double d) {
        if (a.length < 2 || c.length < 2) {
            return null;
        }
        double va = StatUtils.variance(a) / a.length;
        double vc = StatUtils.variance(c) / c.length;
        double se2 = va + vc;
        if (se2 == 0) {
            return new ForkInterval(d, d, Math.min(a.length, c.length), RAW, false, false);
        }
        double df = se2 * se2 / (va * va / (a.length - 1) + vc * vc / (c.length - 1));
        double t = new TDistribution(df).inverseCumulativeProbability(1 - (1 - ForkInterval.CONFIDENCE) / 2);
        double half = t * Math.sqrt(2 * se2) / Math.abs(per);
        return new ForkInterval(d - half, d + half, Math.min(a.length, c.length), RAW, false, false);
    }

    private static double[] forkMeans(Metric metric) {
        return metric.forks().stream().filter(f -> f.length > 0).mapToDouble(StatUtils::mean).toArray();
    }

    /**
     * The table of differences, its {@code secondaryMetric} naming the control ("kind=no-stage,
     * divided by stages") and no reference row; the control's own row or column, which holds no
     * difference, goes.
     */
    private static Report.Table withoutEmptyRowsAndColumns(Report.Table table, List<List<Report.Cell>> grid,
            Environment.Control named) {
        List<Integer> columns = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            int column = c;
            if (grid.stream().anyMatch(cells -> !cells.get(column).isEmpty())) {
                columns.add(c);
            }
        }
        List<Report.Row> rows = new ArrayList<>();
        for (int r = 0; r < grid.size(); r++) {
            List<Report.Cell> cells = columns.stream().map(grid.get(r)::get).toList();
            if (cells.stream().anyMatch(cell -> !cell.isEmpty())) {
                rows.add(new Report.Row(table.rows().get(r).label(), cells));
            }
        }
        String control = named.param() + "=" + named.value() + (named.per().isEmpty() ? "" : ", divided by " + named.per());
        return new Report.Table(table.title() + " · minus " + control, table.split(), table.fixedParams(),
                table.rowDimension(), columns.stream().map(table.columns()::get).toList(), rows, null, false, false,
                control, false, true);
    }
}
