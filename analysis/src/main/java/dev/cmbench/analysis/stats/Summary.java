package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.render.Cells;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The report's summary: per table of figures, who leads and by how much, and whether the two
 * leaders' intervals (from their fork means, {@link ForkInterval}) are apart.
 */
public final class Summary {

    private Summary() {
    }

    /**
     * Whether two leaders' intervals are apart, overlap, or cannot be told: one fork, or none at
     * all (JMH's {@code -f 0} runs the benchmark inside its own JVM).
     */
    public enum Separation {
        APART, OVERLAPPING, ONE_FORK, IN_PROCESS,
        /** Forks, but no interval: a score that is not the mean of its forks (an @AuxCounters sum). */
        NO_INTERVAL
    }

    /**
     * Who leads one column of a table of figures, and the runner-up.
     *
     * @param where  the table's title, with the column where the table has several
     * @param faster true for times (the leader is faster), false for sizes (it is lower)
     */
    public record Lead(String where, String leader, String leaderScore, String runnerUp, String runnerUpScore, double factor,
            boolean faster, Separation separation) {

        /** The summary line, as the Markdown report and the console print it. */
        public String sentence() {
            String lead = where + ": " + leader + " is " + (faster ? "fastest" : "lowest") + " at " + leaderScore
                    + ", " + ScoreUnit.number(factor) + "× " + (faster ? "faster" : "lower") + " than " + runnerUp
                    + " (" + runnerUpScore + ")";
            return switch (separation) {
                case APART -> lead + "; their intervals are apart.";
                case OVERLAPPING -> where + ": " + leader + " (" + leaderScore + ") and " + runnerUp + " ("
                        + runnerUpScore + ") lead with overlapping intervals; no clear winner.";
                case ONE_FORK -> lead + "; one fork each, so no interval says whether that repeats.";
                case NO_INTERVAL -> lead + "; without an interval to say whether that repeats.";
                case IN_PROCESS -> lead + "; run inside JMH's own JVM (forks: 0), so no interval says whether that"
                        + " repeats.";
            };
        }
    }

    /** One lead per column of a table of figures with at least two finished rows. */
    static List<Lead> leads(Report.Table table, boolean isFigure, Set<String> namedRows) {
        List<Lead> leads = new ArrayList<>();
        if (!isFigure) {
            return leads; // a frame, or a secondary metric of which it is not known whether more is better
        }
        Function<Report.Row, String> name = row -> namedRows.contains(table.rowDimension()) ? row.label()
                : table.rowDimension() + "=" + row.label();
        for (int c = 0; c < table.columns().size(); c++) {
            int column = c;
            List<Report.Row> ran = table.rows().stream()
                    .filter(row -> row.cells().get(column).hasScore())
                    .sorted(Comparator.comparingDouble(row -> cost(row.cells().get(column))))
                    .toList();
            if (ran.size() < 2) {
                continue;
            }
            Report.Cell best = ran.get(0).cells().get(column);
            Report.Cell next = ran.get(1).cells().get(column);
            String where = table.title() + (table.columns().size() > 1 ? " (" + table.columns().get(column) + ")" : "");
            ScoreUnit.Shown unit = Cells.shown(table);
            leads.add(new Lead(where, name.apply(ran.get(0)), Cells.score(best, unit), name.apply(ran.get(1)),
                    Cells.score(next, unit), cost(next) / cost(best), best.metric().unit().isTime(),
                    separation(best, next)));
        }
        return leads;
    }

    private static long forkCount(Report.Cell cell) {
        return cell.metric().forks().stream().filter(f -> f.length > 0).count();
    }

    /** Lower is better: ns/op, 1/throughput, or the value of a size; of the value the cell shows. */
    static double cost(Report.Cell cell) {
        Metric m = cell.metric();
        return m.unit().isTime() ? m.unit().nanosPerOp(cell.centre()) : cell.centre();
    }

    /** Whether the two cells' intervals are disjoint (in a common unit). */
    private static Separation separation(Report.Cell a, Report.Cell b) {
        if (a.interval() == null || b.interval() == null) {
            if (a.result().forks() == 0 && b.result().forks() == 0) {
                return Separation.IN_PROCESS;
            }
            return forkCount(a) < 2 || forkCount(b) < 2 ? Separation.ONE_FORK : Separation.NO_INTERVAL;
        }
        return a.interval().map(a.metric().unit()::toBase).disjointFrom(b.interval().map(b.metric().unit()::toBase))
                ? Separation.APART : Separation.OVERLAPPING;
    }
}
