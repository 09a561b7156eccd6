package dev.cmbench.analysis;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The words and numbers of a table cell, shared by every format; escaping is the renderer's job. */
final class Cells {

    private Cells() {
    }

    /** "12.3 ± 0.4 ms", "12.3 ms" without an error, "failed" for a non-finite score, "—" for a hole. */
    static String score(Report.Cell cell) {
        if (cell.isEmpty()) {
            return cell.skipped() != null ? "skipped by design" : "—";
        }
        Metric m = cell.metric();
        return m.scoreIsFinite() ? m.unit().format(m.score(), m.error()) : "failed (" + ScoreUnit.number(m.score()) + ")";
    }

    /** "×0.52" against the reference row; empty when unknown. */
    static String ratio(Report.Cell cell) {
        return Double.isFinite(cell.ratio()) ? "×" + ScoreUnit.number(cell.ratio()) : "";
    }

    /** "81%" of the ideal bound; empty when not a batch result. */
    static String efficiency(Report.Cell cell) {
        return Double.isFinite(cell.efficiency()) ? percent(cell.efficiency()) : "";
    }

    static String percent(double fraction) {
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
