package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.BetweenRuns;
import dev.cmbench.analysis.stats.Estimate;
import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.IntervalBasis;
import dev.cmbench.analysis.stats.Report;
import java.util.Locale;
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
        if (cell.isEmpty()) {
            return cell.skipped() != null ? "skipped by design" : "—";
        }
        Metric m = cell.metric();
        return m.scoreIsFinite() ? m.unit().format(cell.centre(), cell.interval())
                : "failed (" + ScoreUnit.number(m.score()) + ")";
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

    /** A latency percentile with its interval where it has one: "1.20 ms [1.11, 1.31]". */
    static String latency(Report.LatencyRow row, double percentile) {
        return ScoreUnit.duration(row.at(percentile), row.intervalsNanos().get(percentile));
    }

    /**
     * The sentences saying what a cell shows and which interval the brackets hold, at which level
     * (within a run, between runs), or that there is none; empty when no result has per-fork data
     * at all.
     */
    public static String intervals(IntervalBasis basis) {
        String oneFork = "no interval between JVMs; run with -f 3 (or -Dbench.full) for intervals.";
        if (!basis.anyInterval()) {
            return basis.oneFork() > 0 ? "One fork per result: " + oneFork : "";
        }
        String forks = basis.fewestForks() == basis.mostForks() ? Integer.toString(basis.mostForks())
                : basis.fewestForks() + " to " + basis.mostForks();
        BetweenRuns between = basis.betweenRuns();
        String level = between.known()
                ? "for the mean of a repeat run an hour later: the spread of this run's " + forks + " forks and how far "
                        + "runs an hour apart move beyond it, estimated from " + between.pooled().degrees()
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
                        + " and compute): " + basis.cutAtBound() + " of " + basis.aboveBound() + " reached below it and are cut"
                        + " there" : "")
                + (Double.isFinite(basis.medianRelativeHalfWidth()) ? "; median half-width "
                        + percent(basis.medianRelativeHalfWidth()) + " of the score"
                        + (between.known() ? ", " + percent(basis.medianRelativeHalfWidthWithinRun()) + " within the run alone"
                                : "") : "") + ".";
        return sentence + (basis.oneFork() > 0 ? " " + basis.oneFork() + (basis.oneFork() == 1 ? " result has" : " results have")
                + " one fork: " + oneFork : "");
    }

    /** "×0.52" against the reference row; empty when unknown. */
    static String ratio(Report.Cell cell) {
        return Double.isFinite(cell.ratio()) ? "×" + ScoreUnit.number(cell.ratio()) : "";
    }

    /** "81%" of the ideal bound; empty when not a batch result. */
    static String efficiency(Report.Cell cell) {
        return Double.isFinite(cell.efficiency()) ? percent(cell.efficiency()) : "";
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
                + measure + " of " + table.rowDimension() + " " + table.reference();
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
