package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.LoadSweep;
import dev.cmbench.analysis.stats.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** GitHub-flavoured Markdown, good as a pull-request comment. */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escape(report.title())).append("\n\n");
        md.append(Cells.count(report.results().size(), "result")).append(" from ")
                .append(report.sources().stream().map(s -> "`" + code(s) + "`").collect(Collectors.joining(", ")));
        md.append(".");
        String intervals = Cells.intervals(report);
        md.append(intervals.isEmpty() ? "" : " " + escape(intervals)).append("\n\n");
        Cells.runs(report).ifPresent(runs -> md.append(escape(runs)).append("\n\n"));
        report.notes().forEach(note -> md.append("Note: ").append(escape(note)).append(".\n\n"));
        if (!report.headline().isEmpty()) {
            md.append("## ").append(escape(report.headline().title())).append("\n\n")
                    .append(escape(HeadlineTable.legend(report.headline()))).append("\n\n");
            table(md, HeadlineTable.header(report.headline()), HeadlineTable.rows(report.headline()), true);
        }
        for (LoadSweep sweep : report.loadSweeps()) {
            md.append("## ").append(escape(LoadText.title(sweep))).append("\n\n")
                    .append(escape(LoadText.legend(sweep))).append("\n\n");
            if (sweep.sloMillis().isPresent()) {
                table(md, LoadText.CAPACITY_HEADER, LoadText.capacityRows(sweep), true);
            }
            LoadText.harnessShare(sweep).ifPresent(sentence -> md.append(escape(sentence)).append("\n\n"));
            md.append(escape(LoadText.detailLegend())).append("\n\n");
            table(md, LoadText.detailHeader(sweep), LoadText.detailRows(sweep), true);
        }
        report.repeat().ifPresent(check -> {
            md.append("## How far this run repeats\n\n").append(escape(RepeatText.sentence(check))).append("\n\n");
            if (!check.misses().isEmpty()) {
                table(md, RepeatText.MISS_HEADER, RepeatText.missRows(check), true);
            }
        });
        if (!report.summary().isEmpty()) {
            md.append("## Summary\n\n");
            report.summary().forEach(lead -> md.append("- ").append(escape(lead.sentence())).append('\n'));
            md.append('\n');
        }
        for (Report.Table table : report.tables()) {
            md.append("## ").append(escape(table.title())).append("\n\n");
            if (!table.fixedParams().isEmpty()) {
                md.append(escape(table.fixedParams().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")))).append(" · ");
            }
            md.append(escape(Cells.legend(table))).append("\n\n");
            List<String> header = new ArrayList<>();
            header.add(table.rowDimension());
            header.addAll(table.columns());
            List<List<String>> rows = new ArrayList<>();
            ScoreUnit.Shown unit = Cells.shown(table);
            for (Report.Row row : table.rows()) {
                List<String> cells = new ArrayList<>();
                cells.add(row.label());
                for (Report.Cell cell : row.cells()) {
                    String notes = Cells.annotations(cell);
                    cells.add(Cells.score(cell, unit) + (notes.isEmpty() ? "" : " (" + notes + ")"));
                }
                rows.add(cells);
            }
            table(md, header, rows, true);
        }
        for (Report.LatencyGroup group : report.latency()) {
            md.append("## Latency · ").append(escape(group.title())).append("\n\n")
                    .append(escape(Cells.latencyLegend(group))).append("\n\n");
            table(md, List.of("", "p50", "p99", "p99.9"), latencyRows(group), true);
        }
        if (!report.skipped().isEmpty()) {
            md.append("## Skipped by design\n\n");
            List<List<String>> rows = report.skipped().stream().map(s -> List.of(s.benchmark(), params(s.params()),
                    s.reason())).toList();
            table(md, List.of("benchmark", "params", "reason"), rows, false);
        }
        if (!report.warnings().isEmpty()) {
            md.append("## Warnings\n\n");
            report.warnings().forEach(w -> md.append("- ⚠ ").append(escape(w)).append('\n'));
            md.append('\n');
        }
        if (!report.environment().isEmpty()) {
            md.append("## Environment\n\n");
            List<List<String>> rows = report.environment().entrySet().stream()
                    .map(e -> List.of(e.getKey(), e.getValue())).toList();
            table(md, List.of("", ""), rows, false);
        }
        return md.toString();
    }

    /** A row per result: its name and its percentiles, every one in the table's one unit. */
    static List<List<String>> latencyRows(Report.LatencyGroup group) {
        ScoreUnit.Shown unit = Cells.latencyShown(group);
        return group.rows().stream().map(l -> {
            List<String> row = new ArrayList<>(List.of(l.label()));
            Cells.LATENCY_COLUMNS.forEach(p -> row.add(Cells.latency(l, p, unit)));
            return row;
        }).toList();
    }

    static String params(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A table with escaped cells; numeric columns (all but the first) right-aligned if asked. */
    static void table(StringBuilder md, List<String> header, List<List<String>> rows, boolean numeric) {
        md.append('|');
        header.forEach(h -> md.append(' ').append(escape(h)).append(" |"));
        md.append("\n|");
        for (int i = 0; i < header.size(); i++) {
            md.append(numeric && i > 0 ? "---:|" : "---|");
        }
        md.append('\n');
        for (List<String> row : rows) {
            md.append('|');
            row.forEach(cell -> md.append(' ').append(escape(cell)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    /**
     * Text that Markdown shows as written: HTML is neutralised and Markdown's own punctuation
     * (table pipes, emphasis, links, code) is backslash-escaped.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Inside backticks only the backtick itself is special. */
    private static String code(String text) {
        return text.replace('`', '\'');
    }
}
