package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * What a console shows of a report (benchstat's idea: a table, not sentences): the compact table
 * of every model's batches against their ideal bound where the run has batches, else each
 * family's table of figures, in fixed-width text, as many as fit a screenful; the rest, and every
 * interval, is in the report's files.
 */
public final class ConsoleTables {

    /** Table lines the console gets at most. */
    static final int MOST_LINES = 60;
    private static final String INDENT = "  ";

    private ConsoleTables() {
    }

    public static List<String> lines(Report report) {
        List<String> lines = new ArrayList<>();
        Report.Headline headline = report.headline();
        if (!headline.isEmpty()) {
            lines.add(headline.title() + ": makespan · efficiency (ideal bound / makespan)");
            lines.addAll(aligned(HeadlineTable.header(headline), HeadlineTable.rows(headline)));
            return lines;
        }
        int left = 0;
        for (Report.Table table : report.tables()) {
            if (!table.figure()) {
                continue;
            }
            List<String> header = new ArrayList<>(List.of(table.rowDimension()));
            header.addAll(table.columns());
            ScoreUnit.Shown unit = Cells.shown(table);
            List<List<String>> rows = table.rows().stream().map(row -> {
                List<String> cells = new ArrayList<>(List.of(row.label()));
                row.cells().forEach(cell -> cells.add(Cells.score(cell, unit)));
                return cells;
            }).toList();
            if (lines.size() + rows.size() + 2 > MOST_LINES) {
                left++;
                continue;
            }
            lines.add(table.title());
            lines.addAll(aligned(header, rows));
        }
        if (left > 0) {
            lines.add("… and " + Cells.count(left, "more table") + " in the report");
        }
        return lines;
    }

    /** The rows under their header, every column as wide as its widest cell; numbers right-aligned. */
    static List<String> aligned(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>(List.of(header));
        all.addAll(rows);
        int[] widths = new int[header.size()];
        all.forEach(row -> {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        });
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder(INDENT);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(c == 0 ? cell + pad : "  " + pad + cell);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
