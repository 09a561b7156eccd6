package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.RepeatCheck;
import dev.cmbench.analysis.stats.LoadSweep;
import dev.cmbench.analysis.stats.Report;
import dev.cmbench.analysis.stats.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page: inline CSS and SVG, no scripts, fonts or links to fetch, so it
 * opens offline. Every string that came from a result file is escaped.
 */
public final class HtmlRenderer {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;
            padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            table{border-collapse:collapse;margin:.6em 0 1em}
            th,td{border:1px solid #ddd;padding:.3em .6em;vertical-align:top}
            th{background:#f4f4f4;text-align:left}td.num{text-align:right;white-space:nowrap}
            .note{color:#666;font-size:.9em}.meta{color:#555}.warn{color:#a33}
            svg{display:block;margin:.5em 0 1.5em;max-width:100%;height:auto}figure{margin:1em 0}
            .scroll{overflow-x:auto}
            """;

    private HtmlRenderer() {
    }

    public static String render(Report report) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Html.escape(report.title())).append("</title>\n<style>").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(Html.escape(report.title())).append("</h1>\n<p class=\"meta\">")
                .append(Cells.count(report.results().size(), "result")).append(" from ")
                .append(Html.escape(String.join(", ", report.sources())));
        String intervals = Cells.intervals(report);
        html.append(".").append(intervals.isEmpty() ? "" : " " + Html.escape(intervals)).append("</p>\n");
        Cells.runs(report).ifPresent(runs -> html.append("<p class=\"meta\">").append(Html.escape(runs)).append("</p>\n"));
        charts(html, report);
        report.notes().forEach(note -> html.append("<p class=\"note\">Note: ").append(Html.escape(note))
                .append(".</p>\n"));
        headline(html, report.headline());
        report.loadSweeps().forEach(sweep -> loadSweep(html, sweep));
        report.repeat().ifPresent(check -> repeat(html, check));
        leads(html, report.summary());
        contents(html, report);
        for (Report.Table table : report.tables()) {
            html.append("<section id=\"").append(anchor(table.title())).append("\">\n<h2>").append(Html.escape(table.title()))
                    .append("</h2>\n<p class=\"note\">");
            if (!table.fixedParams().isEmpty()) {
                html.append(Html.escape(MarkdownRenderer.params(table.fixedParams()))).append(" · ");
            }
            html.append(Html.escape(Cells.legend(table))).append("</p>\n<div class=\"scroll\"><table>\n<tr><th>")
                    .append(Html.escape(table.rowDimension())).append("</th>");
            table.columns().forEach(c -> html.append("<th>").append(Html.escape(c)).append("</th>"));
            html.append("</tr>\n");
            ScoreUnit.Shown unit = Cells.shown(table);
            for (Report.Row row : table.rows()) {
                html.append("<tr><th>").append(Html.escape(row.label())).append("</th>");
                for (Report.Cell cell : row.cells()) {
                    String notes = Cells.annotations(cell);
                    html.append("<td class=\"num\">").append(Html.escape(Cells.score(cell, unit)));
                    if (!notes.isEmpty()) {
                        html.append("<br><span class=\"note\">").append(Html.escape(notes)).append("</span>");
                    }
                    html.append("</td>");
                }
                html.append("</tr>\n");
            }
            // Charts for the figures a reader ranks; a profiler's numbers stay tables (--format svg draws them all).
            html.append("</table></div>\n").append(table.figure() ? SvgCharts.bars(table) : "").append("</section>\n");
        }
        for (Report.LatencyGroup group : report.latency()) {
            html.append("<section id=\"").append(anchor("Latency · " + group.title())).append("\">\n<h2>Latency · ")
                    .append(Html.escape(group.title())).append("</h2>\n<p class=\"note\">")
                    .append(Html.escape(Cells.latencyLegend(group))).append("</p>\n");
            table(html, List.of("", "p50", "p99", "p99.9"), MarkdownRenderer.latencyRows(group), true);
            html.append(SvgCharts.percentileCurves(group.rows())).append("</section>\n");
        }
        if (!report.skipped().isEmpty()) {
            html.append("<h2>Skipped by design</h2>\n");
            table(html, List.of("benchmark", "params", "reason"), report.skipped().stream().map(s ->
                    List.of(s.benchmark(), MarkdownRenderer.params(s.params()), s.reason())).toList(), false);
        }
        if (!report.warnings().isEmpty()) {
            html.append("<h2>Warnings</h2>\n<ul class=\"warn\">\n");
            report.warnings().forEach(w -> html.append("<li>").append(Html.escape(w)).append("</li>\n"));
            html.append("</ul>\n");
        }
        if (!report.environment().isEmpty()) {
            html.append("<h2>Environment</h2>\n");
            table(html, List.of("", ""), report.environment().entrySet().stream()
                    .map(e -> List.of(e.getKey(), e.getValue())).collect(Collectors.toList()), false);
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /**
     * What a reader came for, before any table: every model's batches against their ideal bound,
     * and each server family's throughput–latency curve. Each chart links to the section whose
     * legend and tables it draws, which follow in their usual order.
     */
    private static void charts(StringBuilder html, Report report) {
        StringBuilder figures = new StringBuilder();
        if (!report.headline().isEmpty()) {
            chart(figures, "headline", report.headline().title(), HeadlineChart.svg(report.headline()));
        }
        for (LoadSweep sweep : report.loadSweeps()) {
            chart(figures, anchor(LoadText.title(sweep)), LoadText.title(sweep), LoadChart.svg(sweep));
        }
        if (!figures.isEmpty()) {
            html.append("<section id=\"charts\">\n").append(figures).append("</section>\n");
        }
    }

    /** A chart with its title and a link to its section; nothing for a chart with nothing to draw. */
    private static void chart(StringBuilder html, String section, String title, String svg) {
        if (svg.isEmpty()) {
            return;
        }
        html.append("<figure id=\"chart-").append(section).append("\">\n<figcaption><b>").append(Html.escape(title))
                .append("</b> · <a href=\"#").append(section).append("\">its legend and tables</a></figcaption>\n")
                .append(svg).append("</figure>\n");
    }

    /** Every model's batch against its ideal bound as one compact table (its chart opens the page). */
    private static void headline(StringBuilder html, Report.Headline headline) {
        if (headline.isEmpty()) {
            return;
        }
        html.append("<section id=\"headline\">\n<h2>").append(Html.escape(headline.title())).append("</h2>\n<p class=\"note\">")
                .append(Html.escape(HeadlineTable.legend(headline))).append("</p>\n")
                .append("<div class=\"scroll\">");
        table(html, HeadlineTable.header(headline), HeadlineTable.rows(headline), true);
        html.append("</div>\n</section>\n");
    }

    /** How far the numbers repeat: the share of a second run inside this one's intervals, and the misses by name. */
    private static void repeat(StringBuilder html, RepeatCheck check) {
        html.append("<section id=\"repeat\">\n<h2>How far this run repeats</h2>\n<p>")
                .append(Html.escape(RepeatText.sentence(check))).append("</p>\n");
        if (!check.misses().isEmpty()) {
            html.append("<div class=\"scroll\">");
            table(html, RepeatText.MISS_HEADER, RepeatText.missRows(check), true);
            html.append("</div>\n");
        }
        html.append("</section>\n");
    }

    /** Who leads each table, a row per table column: the summary, as a table rather than a wall of sentences. */
    private static void leads(StringBuilder html, List<Summary.Lead> leads) {
        if (leads.isEmpty()) {
            return;
        }
        html.append("<section id=\"leads\">\n<h2>Who leads each table</h2>\n<p class=\"note\">apart: the two leaders'"
                + " intervals do not overlap; overlapping: no clear winner; one fork, or no fork (-f 0, inside JMH's JVM):"
                + " no interval to tell.</p>\n"
                + "<div class=\"scroll\">");
        table(html, List.of("table", "leads", "runner-up", "by", "intervals"), leads.stream().map(lead -> List.of(
                lead.where(), lead.leader() + " · " + lead.leaderScore(), lead.runnerUp() + " · " + lead.runnerUpScore(),
                "×" + ScoreUnit.number(lead.factor()), switch (lead.separation()) {
                    case APART -> "apart";
                    case OVERLAPPING -> "overlapping";
                    case ONE_FORK -> "one fork";
                    case IN_PROCESS -> "no fork (-f 0)";
                    case NO_INTERVAL -> "no interval";
                })).toList(), false);
        html.append("</div>\n</section>\n");
    }

    /** One line of links to every table and latency group, for a page that is long. */
    private static void contents(StringBuilder html, Report report) {
        List<String> titles = new ArrayList<>(report.tables().stream().map(Report.Table::title).toList());
        report.latency().forEach(group -> titles.add("Latency · " + group.title()));
        if (titles.size() < 2) {
            return;
        }
        html.append("<nav class=\"note\"><b>Tables:</b> ").append(titles.stream().map(title -> "<a href=\"#"
                + anchor(title) + "\">" + Html.escape(title) + "</a>").collect(Collectors.joining(" · "))).append("</nav>\n");
    }

    /** A fragment id for a section title: its chart file's slug, which any title can be turned into. */
    private static String anchor(String title) {
        return "t-" + SvgCharts.slug(title);
    }

    /** A plain table; with {@code numeric}, every column but the first is right-aligned and unbroken. */
    private static void table(StringBuilder html, List<String> header, List<List<String>> rows, boolean numeric) {
        html.append("<table>\n<tr>");
        header.forEach(h -> html.append("<th>").append(Html.escape(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append(i > 0 && numeric ? "<td class=\"num\">" : "<td>").append(Html.escape(row.get(i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }


    /**
     * A server family under load: each kind's capacity within the SLO, the detail (its
     * throughput–latency chart opens the page).
     */
    private static void loadSweep(StringBuilder html, LoadSweep sweep) {
        html.append("<section id=\"").append(anchor(LoadText.title(sweep))).append("\">\n<h2>")
                .append(Html.escape(LoadText.title(sweep))).append("</h2>\n<p class=\"note\">")
                .append(Html.escape(LoadText.legend(sweep))).append("</p>\n");
        if (sweep.sloMillis().isPresent()) {
            table(html, LoadText.CAPACITY_HEADER, LoadText.capacityRows(sweep), true);
        }
        LoadText.harnessShare(sweep).ifPresent(sentence -> html.append("<p>").append(Html.escape(sentence)).append("</p>\n"));
        html.append("<p class=\"note\">").append(Html.escape(LoadText.detailLegend())).append("</p>\n<div class=\"scroll\">");
        table(html, LoadText.detailHeader(sweep), LoadText.detailRows(sweep), true);
        html.append("</div>\n</section>\n");
    }
}
