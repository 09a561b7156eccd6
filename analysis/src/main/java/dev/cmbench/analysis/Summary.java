package dev.cmbench.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The report's summary: per table of figures, who leads and by how much, and whether the two
 * leaders' intervals (from their fork means, {@link ForkInterval}) are apart.
 */
final class Summary {

    private Summary() {
    }

    /** One line per column of a table of figures with at least two finished rows: who leads, by how much, beyond the intervals or not. */
    static List<String> lines(Report.Table table, boolean isFigure, Set<String> namedRows) {
        List<String> lines = new ArrayList<>();
        if (!isFigure) {
            return lines; // a frame, or a secondary metric of which it is not known whether more is better
        }
        for (int c = 0; c < table.columns().size(); c++) {
            int column = c;
            List<Report.Row> ran = table.rows().stream()
                    .filter(row -> row.cells().get(column).hasScore())
                    .sorted(Comparator.comparingDouble(row -> cost(row.cells().get(column).metric())))
                    .toList();
            if (ran.size() < 2) {
                continue;
            }
            Report.Cell bestCell = ran.get(0).cells().get(column);
            Report.Cell nextCell = ran.get(1).cells().get(column);
            Metric best = bestCell.metric();
            Metric next = nextCell.metric();
            double factor = cost(next) / cost(best);
            String where = table.title() + (table.columns().size() > 1 ? " (" + table.columns().get(column) + ")" : "");
            Function<Report.Row, String> name = row -> namedRows.contains(table.rowDimension()) ? row.label()
                    : table.rowDimension() + "=" + row.label();
            String bestScore = Cells.score(bestCell);
            String nextScore = Cells.score(nextCell);
            String[] words = best.unit().isTime() ? new String[] {"fastest", "faster"} : new String[] {"lowest", "lower"};
            if (separated(bestCell, nextCell)) {
                lines.add(where + ": " + name.apply(ran.get(0)) + " is " + words[0] + " at " + bestScore + ", "
                        + ScoreUnit.number(factor) + "× " + words[1] + " than " + name.apply(ran.get(1)) + " ("
                        + nextScore + "); their intervals are apart.");
            } else {
                boolean known = bestCell.interval() != null && nextCell.interval() != null;
                lines.add(where + ": " + name.apply(ran.get(0)) + " (" + bestScore + ") and " + name.apply(ran.get(1))
                        + " (" + nextScore + ") lead " + (known ? "with overlapping intervals" : "without an interval "
                        + "(one fork)") + "; no clear winner.");
            }
        }
        return lines;
    }

    /** Lower is better: ns/op, 1/throughput, or the value of a size. */
    static double cost(Metric m) {
        return m.unit().isTime() ? m.unit().nanosPerOp(m.score()) : m.score();
    }


    /** Whether the two cells' intervals are disjoint (in a common unit); false when either has none. */
    private static boolean separated(Report.Cell a, Report.Cell b) {
        if (a.interval() == null || b.interval() == null) {
            return false;
        }
        return a.interval().map(a.metric().unit()::toBase).disjointFrom(b.interval().map(b.metric().unit()::toBase));
    }
}
