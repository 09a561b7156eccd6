package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.BetweenRuns;
import dev.cmbench.analysis.stats.Estimate;
import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.IntervalBasis;
import dev.cmbench.analysis.stats.Report;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The words and numbers of a table cell, shared by every format; escaping is the renderer's job. */
public final class Cells {

    private Cells() {
    }

    /**
     * "12.3 ms [11.9, 12.8]": the median of the fork values and the interval, "12.3 ms" without
     * one (one fork: JMH's score), "failed" for a non-finite score, "—" for a hole.
     */
    public static String score(Report.Cell cell) {
        return score(cell, null);
    }

    /** As {@link #score(Report.Cell)}, in the display unit of the cell's table (null: the cell's own). */
    public static String score(Report.Cell cell, ScoreUnit.Shown shown) {
        if (cell.isEmpty()) {
            return cell.skipped() != null ? "skipped by design" : "—";
        }
        Metric m = cell.metric();
        if (!m.scoreIsFinite()) {
            return "failed (" + ScoreUnit.number(m.score()) + ")";
        }
        return shown == null ? m.unit().format(cell.centre(), cell.interval())
                : m.unit().format(cell.centre(), cell.interval(), shown);
    }

    /** What a latency table's percentiles are: of every task merged, or averages of per-iteration ones. */
    public static String latencyLegend(Report.LatencyGroup group) {
        boolean merged = group.rows().stream().allMatch(Report.LatencyRow::merged);
        boolean averaged = group.rows().stream().noneMatch(Report.LatencyRow::merged);
        String ofLogs = "each percentile of every task of every iteration of every fork, merged from the latency logs;"
                + " its interval from the same percentile of each fork's own tasks, never below the task's own sleep and"
                + " compute";
        String ofIterations = "no latency logs: the mean over iterations of each iteration's percentile, which is not a"
                + " percentile of the run's tasks";
        return merged ? ofLogs + "." : averaged ? ofIterations + "." : ofLogs + "; rows without logs: " + ofIterations + ".";
    }

    /**
     * The one display unit of a table, so that no column or row mixes ms with µs or B with KiB:
     * the unit its median score reads best in. Null (each cell its own) when the cells' units
     * cannot be converted into one another.
     */
    public static ScoreUnit.Shown shown(Report.Table table) {
        return shown(table.rows().stream().flatMap(row -> row.cells().stream()).filter(Report.Cell::hasScore)
                .map(Report.Cell::metric).toList());
    }

    /** The one display unit of these metrics' scores; null when their units do not convert into one another. */
    public static ScoreUnit.Shown shown(List<Metric> metrics) {
        if (metrics.isEmpty()) {
            return null;
        }
        ScoreUnit first = metrics.get(0).unit();
        if (metrics.stream().anyMatch(m -> m.unit().kind() != first.kind() || !first.isTime()
                && !m.unit().text().equals(first.text()))) {
            return null;
        }
        double[] base = metrics.stream().mapToDouble(m -> Math.abs(m.unit().toBase(m.score()))).filter(v -> v > 0)
                .sorted().toArray();
        return base.length == 0 ? first.shown(metrics.get(0).score()) : first.shown(first.fromBase(base[base.length / 2]));
    }

    /**
     * A latency percentile with its interval where it has one, in the display unit of its table:
     * "1.20 ms [1.11, 1.31]".
     */
    static String latency(Report.LatencyRow row, double percentile, ScoreUnit.Shown shown) {
        return ScoreUnit.duration(row.at(percentile), row.intervalsNanos().get(percentile), shown);
    }

    /** The percentiles a latency table shows. */
    public static final List<Double> LATENCY_COLUMNS = List.of(50.0, 99.0, 99.9);

    /** The one display unit of a latency table: its median percentile's. */
    public static ScoreUnit.Shown latencyShown(Report.LatencyGroup group) {
        double[] nanos = group.rows().stream().flatMapToDouble(row -> LATENCY_COLUMNS.stream().mapToDouble(row::at))
                .filter(v -> Double.isFinite(v) && v > 0).sorted().toArray();
        return ScoreUnit.durationShown(nanos.length == 0 ? 1 : nanos[nanos.length / 2]);
    }

    /**
     * The sentence on intervals for this report: for a file from elsewhere, no option of this
     * suite is suggested, and a run inside JMH's own JVM ({@code -f 0}) is not called one fork.
     */
    public static String intervals(Report report) {
        long inProcess = report.results().stream().filter(r -> !r.failed() && r.forks() == 0).count();
        return intervals(report.intervalBasis(), report.fromSuite(), inProcess);
    }

    /**
     * The sentences saying what a cell shows and which interval the brackets hold, at which level
     * (within a run, between runs), or that there is none; empty when no result has per-fork data
     * at all.
     */
    public static String intervals(IntervalBasis basis) {
        return intervals(basis, true, 0);
    }

    /**
     * @param fromSuite whether the results are this suite's, whose own options may be suggested
     * @param inProcess results JMH ran inside its own JVM (forks: 0), among those with one fork
     */
    private static String intervals(IntervalBasis basis, boolean fromSuite, long inProcess) {
        String oneFork = "no interval between JVMs; run with -f 3" + (fromSuite ? " (or -Dbench.full)" : "")
                + " for intervals.";
        if (!basis.anyInterval()) {
            if (inProcess > 0 && inProcess == basis.oneFork()) {
                return "Every result ran inside JMH's own JVM (forks: 0): " + oneFork;
            }
            return basis.oneFork() > 0 ? "One fork per result: " + oneFork : "";
        }
        String forks = basis.fewestForks() == basis.mostForks() ? Integer.toString(basis.mostForks())
                : basis.fewestForks() + " to " + basis.mostForks();
        BetweenRuns between = basis.betweenRuns();
        String level = between.known()
                ? "for the mean of a repeat run an hour later on the same machine: the spread of this run's " + forks
                        + " forks and how far the repeat pairs' runs moved beyond it (a run on another host, such as a "
                        + "cloud VM's next boot, can land outside), estimated from " + between.pooled().degrees()
                        + " figures of " + between.pairs().size() + (between.pairs().size() == 1 ? " repeat pair" : " repeat pairs")
                        + " (" + String.join("; ", between.pairs()) + "; pooled ±"
                        + percent(Math.sqrt(between.pooled().variance())) + " a run)"
                : "for the mean of a repeat run, from the spread of this run's " + forks + " forks alone: no repeat "
                        + "pairs were given (--between-runs), so a run an hour later lands outside more often than "
                        + Math.round((1 - ForkInterval.CONFIDENCE) * 100) + " %";
        String sentence = "A score is the median of its forks' values (a fork's mean of its iterations; the median of "
                + "its shots in single-shot mode). [low, high] after it: the " + Math.round(ForkInterval.CONFIDENCE * 100)
                + " % interval " + level + "; on the log of the time"
                + (basis.rawScale() > 0 ? ", or of the raw values for sizes and counts and where one is not positive" : "")
                + (basis.aboveBound() > 0 ? "; never below the physical bound (a batch's ideal makespan, a task's own sleep"
                        + " and compute, zero for a size, a count or a rate): " + basis.cutAtBound() + " of " + basis.aboveBound() + " reached below it and are cut"
                        + " there" : "")
                + (Double.isFinite(basis.medianRelativeHalfWidth()) ? "; median half-width "
                        + percent(basis.medianRelativeHalfWidth()) + " of the score"
                        + (between.known() ? ", " + percent(basis.medianRelativeHalfWidthWithinRun()) + " within the run alone"
                                : "") : "") + ".";
        if (basis.oneFork() == 0) {
            return sentence;
        }
        String which = inProcess == basis.oneFork()
                ? (inProcess == 1 ? " result ran" : " results ran") + " inside JMH's own JVM (forks: 0): "
                : (basis.oneFork() == 1 ? " result has" : " results have") + " one fork: ";
        return sentence + " " + basis.oneFork() + which + oneFork;
    }

    /**
     * The sentence that introduces several runs side by side: what sets them apart and which
     * column is which file; empty for one run.
     */
    public static Optional<String> runs(Report report) {
        if (report.runs().isEmpty()) {
            return Optional.empty();
        }
        String differ = report.runDifferences().isEmpty() ? "in nothing their files record (named by their files)"
                : "in " + andList(report.runDifferences());
        return Optional.of(report.runs().size() + " runs side by side, differing " + differ + ": "
                + report.runs().stream().map(run -> run.label() + " (" + run.source() + ")")
                        .collect(Collectors.joining("; "))
                + ". Each is a column beside the others, with its ratio to the first run in the same row.");
    }

    /** "a", "a and b", "a, b and c". */
    static String andList(List<String> items) {
        return items.size() < 2 ? String.join("", items)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** "×0.52" against the reference row; empty when unknown. */
    static String ratio(Report.Cell cell) {
        return Double.isFinite(cell.ratio()) ? "×" + ScoreUnit.number(cell.ratio()) : "";
    }

    /** "81%" of the ideal bound; empty when not a batch result. */
    static String efficiency(Report.Cell cell) {
        return Double.isFinite(cell.efficiency()) ? percent(cell.efficiency()) : "";
    }

    /** "1 result", "5 results". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    public static String percent(double fraction) {
        double p = fraction * 100;
        return String.format(Locale.ROOT, p >= 10 ? "%.0f%%" : "%.1f%%", p);
    }

    /** "1.9 wake-ups of 25.0 µs": the figure in its own forks' floor; empty when it is not made of wake-ups. */
    static String wakeUps(Report.Cell cell) {
        return Double.isFinite(cell.wakeUps()) ? ScoreUnit.number(cell.wakeUps()) + " wake-ups of "
                + ScoreUnit.number(cell.wakeUpMicros()) + " µs" : "";
    }

    /**
     * "forks' mean 76.3 ms" (on the interval's scale: geometric for a time) where a fork lies far
     * from the others or the median shown lies outside the interval; else empty.
     */
    static String mean(Report.Cell cell) {
        Estimate e = cell.estimate();
        return e != null && e.meanApart() ? "forks' mean " + cell.metric().unit().format(e.mean()) : "";
    }

    /** "fork 1 of 3 at 155 ms, far from the others"; empty where no fork is. */
    public static String farFork(Report.Cell cell) {
        Estimate e = cell.estimate();
        return e != null && e.hasOutlier() ? "fork " + (e.outlierFork() + 1) + " of " + e.forks().values().length + " at "
                + cell.metric().unit().format(e.outlierValue()) + ", far from the others" : "";
    }

    /** Everything after the score: "×0.52 · eff 81%", "×1.00 · 1.9 wake-ups of 25.0 µs", the mean, a far fork. */
    static String annotations(Report.Cell cell) {
        String efficiency = efficiency(cell);
        return Stream.of(ratio(cell), efficiency.isEmpty() ? "" : "eff " + efficiency, wakeUps(cell), mean(cell),
                farFork(cell)).filter(s -> !s.isEmpty()).collect(Collectors.joining(" · "));
    }

    /** How a table's extra numbers read, for its caption. */
    static String legend(Report.Table table) {
        if (table.reference() == null) {
            return "each cell: the row's score minus that of its control (" + table.secondaryMetric() + ", the other"
                    + " parameters the same), from the fork means of both: what the row measures beyond the fixed"
                    + " cost the control carries alone; [low, high]: where a repeat run's difference should land";
        }
        String measure = table.isPrimary() ? "score" : table.secondaryMetric();
        String legend = (table.isPrimary() ? "" : "secondary metric " + measure + " · ") + "ratio = " + measure + " / "
                + measure + (table.acrossRuns() ? " of the first run (" + table.reference() + ") in the same row"
                        : " of " + table.rowDimension() + " " + table.reference());
        if (table.hasEfficiency()) {
            legend += "; eff = ideal bound / measured makespan";
        }
        if (table.hasWakeUps()) {
            legend += "; wake-ups = score / one cross-core wake-up of a parked thread, the median of what this"
                    + " result's own forks measured after their figures: a scale, not a split; the machine's share is"
                    + " the same figure on one CPU (cpus=1) beside it on two";
        }
        return legend;
    }
}
