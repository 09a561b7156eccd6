package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ScoreUnit;
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
     * "12.3 ms [11.9, 12.8]" with the interval from the fork means, "12.3 ms" without one (one
     * fork), "failed" for a non-finite score, "—" for a hole.
     */
    public static String score(Report.Cell cell) {
        if (cell.isEmpty()) {
            return cell.skipped() != null ? "skipped by design" : "—";
        }
        Metric m = cell.metric();
        return m.scoreIsFinite() ? m.unit().format(m.score(), cell.interval()) : "failed (" + ScoreUnit.number(m.score()) + ")";
    }

    /** A latency percentile with its interval where it has one: "1.20 ms [1.11, 1.31]". */
    static String latency(Report.LatencyRow row, double percentile) {
        return ScoreUnit.duration(row.at(percentile), row.intervalsNanos().get(percentile));
    }

    /**
     * The one sentence saying which interval the brackets hold, or that there is none; empty
     * when no result has per-fork data at all.
     */
    public static String intervals(IntervalBasis basis) {
        String oneFork = "no interval between JVMs; run with -f 3 (or -Dbench.full) for intervals.";
        if (!basis.anyInterval()) {
            return basis.oneFork() > 0 ? "One fork per result: " + oneFork : "";
        }
        String forks = basis.fewestForks() == basis.mostForks() ? Integer.toString(basis.mostForks())
                : basis.fewestForks() + " to " + basis.mostForks();
        String sentence = "[low, high] after a score: the " + Math.round(ForkInterval.CONFIDENCE * 100)
                + " % interval for a repeat run's mean, from the log fork means of " + forks + " forks"
                + (basis.rawScale() > 0 ? " (the raw fork means for sizes and counts, and where one is not positive)" : "")
                + (Double.isFinite(basis.medianRelativeHalfWidth()) ? "; median half-width "
                        + percent(basis.medianRelativeHalfWidth()) + " of the score" : "") + ".";
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

    /** "1.9 wake-ups" of the machine; empty when the figure wakes no thread. */
    static String wakeUps(Report.Cell cell) {
        return Double.isFinite(cell.wakeUps()) ? ScoreUnit.number(cell.wakeUps()) + " wake-ups" : "";
    }

    /** Everything after the score: "×0.52 · eff 81%", "×1.00 · 1.9 wake-ups". */
    static String annotations(Report.Cell cell) {
        String efficiency = efficiency(cell);
        return Stream.of(ratio(cell), efficiency.isEmpty() ? "" : "eff " + efficiency, wakeUps(cell))
                .filter(s -> !s.isEmpty()).collect(Collectors.joining(" · "));
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
            legend += "; wake-ups = score / this machine's cross-core wake-up of a parked thread ("
                    + ScoreUnit.number(table.wakeUpMicros()) + " µs, measured by the suite): the part of the figure"
                    + " that is the machine's, not the JVM's";
        }
        return legend;
    }
}
