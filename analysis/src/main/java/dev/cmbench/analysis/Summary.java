package dev.cmbench.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The report's summary: per table of figures, who leads and by how much, beyond the error or not. */
final class Summary {

    private Summary() {
    }

    /** One line per column of a table of figures with at least two finished rows: who leads, by how much, beyond the error or not. */
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
            Metric best = ran.get(0).cells().get(column).metric();
            Metric next = ran.get(1).cells().get(column).metric();
            double factor = cost(next) / cost(best);
            String where = table.title() + (table.columns().size() > 1 ? " (" + table.columns().get(column) + ")" : "");
            Function<Report.Row, String> name = row -> namedRows.contains(table.rowDimension()) ? row.label()
                    : table.rowDimension() + "=" + row.label();
            String bestScore = best.unit().format(best.score(), best.error());
            String nextScore = next.unit().format(next.score(), next.error());
            String[] words = best.unit().isTime() ? new String[] {"fastest", "faster"} : new String[] {"lowest", "lower"};
            if (separated(best, next)) {
                lines.add(where + ": " + name.apply(ran.get(0)) + " is " + words[0] + " at " + bestScore + ", "
                        + ScoreUnit.number(factor) + "× " + words[1] + " than " + name.apply(ran.get(1)) + " ("
                        + nextScore + "); beyond the error.");
            } else {
                boolean known = best.errorKnown() && next.errorKnown();
                lines.add(where + ": " + name.apply(ran.get(0)) + " (" + bestScore + ") and " + name.apply(ran.get(1))
                        + " (" + nextScore + ") lead " + (known ? "within each other's error" : "with unknown errors "
                        + "(fewer than 3 iterations)") + "; no clear winner.");
            }
        }
        return lines;
    }

    /** Lower is better: ns/op, 1/throughput, or the value of a size. */
    static double cost(Metric m) {
        return m.unit().isTime() ? m.unit().nanosPerOp(m.score()) : m.score();
    }


    /** Whether the two intervals are disjoint; false when either error is unknown. */
    private static boolean separated(Metric a, Metric b) {
        if (!a.errorKnown() || !b.errorKnown()) {
            return false;
        }
        double aLo = a.unit().toBase(a.score() - a.error());
        double aHi = a.unit().toBase(a.score() + a.error());
        double bLo = b.unit().toBase(b.score() - b.error());
        double bHi = b.unit().toBase(b.score() + b.error());
        return aHi < bLo || bHi < aLo;
    }
}
