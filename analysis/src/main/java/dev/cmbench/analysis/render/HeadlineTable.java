package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact table a report leads with, beside {@link HeadlineChart}: a row per model, a column
 * per workload and task count, each cell the makespan and its efficiency ("12.3 ms · 81%"). The
 * intervals are in the chart and in the family's own tables further down.
 */
public final class HeadlineTable {

    private HeadlineTable() {
    }

    /** What the cells hold, with the params every result of the headline shares. */
    static String legend(Report.Headline headline) {
        Report.Table first = headline.tables().get(0);
        return (first.fixedParams().isEmpty() ? "" : MarkdownRenderer.params(first.fixedParams()) + " · ")
                + "each cell: the makespan (the median of its forks) · its efficiency (ideal bound / makespan), and a"
                + " fork far from the others by name; the intervals are in each workload's table below.";
    }

    static List<String> header(Report.Headline headline) {
        List<String> header = new ArrayList<>();
        header.add(headline.tables().get(0).rowDimension());
        for (Report.Table table : headline.tables()) {
            for (String column : headline.columns()) {
                header.add(HeadlineChart.seriesName(table) + ", " + column);
            }
        }
        return header;
    }

    static List<List<String>> rows(Report.Headline headline) {
        List<List<String>> rows = new ArrayList<>();
        ScoreUnit.Shown unit = Cells.shown(headline.tables().stream().flatMap(t -> t.rows().stream())
                .flatMap(r -> r.cells().stream()).filter(Report.Cell::hasScore).map(Report.Cell::metric).toList());
        for (String label : headline.rowLabels()) {
            List<String> row = new ArrayList<>();
            row.add(label);
            for (Report.Table table : headline.tables()) {
                for (String column : headline.columns()) {
                    row.add(cell(headline.cell(table, label, column), unit));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static String cell(Report.Cell cell, ScoreUnit.Shown unit) {
        if (cell.isEmpty()) {
            return cell.skipped() != null ? "skipped" : "—";
        }
        if (!cell.hasScore()) {
            return "failed";
        }
        String efficiency = Cells.efficiency(cell);
        String makespan = unit == null ? cell.metric().unit().format(cell.centre())
                : cell.metric().unit().format(cell.centre(), unit);
        return makespan + (efficiency.isEmpty() ? "" : " · " + efficiency)
                + (Cells.farFork(cell).isEmpty() ? "" : " · " + Cells.farFork(cell));
    }
}
