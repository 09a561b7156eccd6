package dev.cmbench.analysis.render;

import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.Report;
import java.util.List;
import java.util.Locale;

/**
 * The chart a report leads with: each model's efficiency against its ideal bound (bound /
 * measured makespan), one panel per task count, one coloured dot per workload with its
 * interval. Efficiency puts every workload on one axis whose end, 100 %, is the physical limit;
 * makespans of an io and a cpu batch differ by orders of magnitude and would need three charts.
 */
public final class HeadlineChart {

    private static final int LABEL_WIDTH = 140;
    private static final int PANEL_WIDTH = 300;
    private static final int PANEL_GAP = 30;
    private static final int ROW_HEIGHT = 22;
    private static final int TOP = 34;
    /** The ring around a dot one of whose forks lay far from the others. */
    private static final String FAR_FORK = "#d62728";
    /** Vertical distance between the dots of two workloads in one row, so that equal values stay visible. */
    private static final double DODGE = 5;
    static final String TITLE = "Efficiency = ideal bound / makespan (100 %: the physical limit); lines: the interval, "
            + "an arrow where it runs on; a red ring: a fork far from the others";
    private static final int TITLE_LINE_HEIGHT = 15;

    private HeadlineChart() {
    }

    /** The chart as an SVG element; empty when the headline is. */
    static String svg(Report.Headline headline) {
        if (headline.isEmpty()) {
            return "";
        }
        List<String> rows = headline.rowLabels();
        List<String> panels = headline.columns();
        double max = 1; // the axis ends at the bound, or past it only for a point beyond it, never for a whisker
        for (Report.Table table : headline.tables()) {
            for (String row : rows) {
                for (String panel : panels) {
                    double efficiency = headline.cell(table, row, panel).efficiency();
                    max = Math.max(max, Double.isFinite(efficiency) ? efficiency : 0);
                }
            }
        }
        double axisMax = Math.ceil(max * 4 - 1e-9) / 4; // in quarters: 100 %, 125 %, …
        int plotBottom = TOP + rows.size() * ROW_HEIGHT;
        int width = LABEL_WIDTH + panels.size() * (PANEL_WIDTH + PANEL_GAP);
        int height = plotBottom + 40 + 22;
        // The title wraps to the chart's width (one panel in a quick run is 470 px), the chart below it moved down.
        List<String> title = SvgCharts.wrap(TITLE, (width - 8) / SvgCharts.BOLD_CHAR_WIDTH);
        int titleShift = (title.size() - 1) * TITLE_LINE_HEIGHT;
        StringBuilder svg = SvgCharts.open(width, height + titleShift, "efficiency of each model against the ideal bound");
        for (int line = 0; line < title.size(); line++) {
            svg.append(SvgCharts.text(4, 14 + line * TITLE_LINE_HEIGHT, "bold", "start", title.get(line), TITLE.length()));
        }
        svg.append("<g transform=\"translate(0,").append(titleShift).append(")\">");
        for (int p = 0; p < panels.size(); p++) {
            int x0 = LABEL_WIDTH + p * (PANEL_WIDTH + PANEL_GAP);
            panel(svg, headline, rows, panels.get(p), x0, axisMax, plotBottom);
        }
        for (int r = 0; r < rows.size(); r++) {
            svg.append(SvgCharts.text(LABEL_WIDTH - 8, TOP + r * ROW_HEIGHT + ROW_HEIGHT / 2 + 4, "normal", "end",
                    rows.get(r), 22));
        }
        int legendX = LABEL_WIDTH;
        for (int s = 0; s < headline.tables().size(); s++) {
            String series = seriesName(headline.tables().get(s));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/>", legendX + 5,
                    height - 12, color(s)));
            svg.append(SvgCharts.text(legendX + 14, height - 8, "normal", "start", series, 40));
            legendX += 24 + 7 * Math.min(series.length(), 40);
        }
        return svg.append("</g></svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Report.Headline headline, List<String> rows, String column, int x0,
            double axisMax, int plotBottom) {
        svg.append(SvgCharts.text(x0 + PANEL_WIDTH / 2, TOP - 6, "bold", "middle", column, 40));
        for (int r = 0; r < rows.size(); r++) {
            int y = TOP + r * ROW_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x0, y,
                    PANEL_WIDTH, ROW_HEIGHT, r % 2 == 0 ? "#f6f6f6" : "#ffffff"));
        }
        for (double tick = 0; tick <= axisMax + 1e-9; tick += 0.25) {
            double x = x0 + tick / axisMax * PANEL_WIDTH;
            boolean bound = Math.abs(tick - 1) < 1e-9;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>", x,
                    TOP, x, plotBottom + 4, bound ? "#444" : "#ccc", bound ? " stroke-dasharray=\"4 3\"" : ""));
            svg.append(SvgCharts.text((int) x, plotBottom + 17, "normal", "middle", tick == 0 ? "0" : Cells.percent(tick), 6));
        }
        List<Report.Table> series = headline.tables();
        for (int r = 0; r < rows.size(); r++) {
            double mid = TOP + r * ROW_HEIGHT + ROW_HEIGHT / 2.0;
            for (int s = 0; s < series.size(); s++) {
                Report.Cell cell = headline.cell(series.get(s), rows.get(r), column);
                if (!Double.isFinite(cell.efficiency())) {
                    continue;
                }
                double y = mid + (s - (series.size() - 1) / 2.0) * DODGE;
                ForkInterval interval = cell.efficiencyInterval();
                String tooltip = rows.get(r) + " · " + seriesName(series.get(s)) + ", " + column + ": eff "
                        + Cells.efficiency(cell) + (interval == null ? "" : " [" + Cells.percent(interval.low()) + ", "
                        + Cells.percent(interval.high()) + "]") + "; makespan " + Cells.score(cell)
                        + (Cells.farFork(cell).isEmpty() ? "" : "; " + Cells.farFork(cell));
                if (interval != null) {
                    boolean runsOn = !(interval.high() <= axisMax);
                    double high = x0 + Math.min(interval.high(), axisMax) / axisMax * PANEL_WIDTH;
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                            + "stroke=\"%s\" stroke-width=\"2\"/>", x0 + interval.low() / axisMax * PANEL_WIDTH, y, high, y,
                            color(s)));
                    if (runsOn) {
                        svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l-6 -3.5 v7 z\" fill=\"%s\"/>", high,
                                y, color(s)));
                    }
                }
                double x = x0 + cell.efficiency() / axisMax * PANEL_WIDTH;
                if (cell.estimate() != null && cell.estimate().hasOutlier()) {
                    // A ring around the dot: one of its forks lay far from the others (named in the tooltip and the tables).
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" "
                            + "stroke=\"%s\" stroke-width=\"1.5\" class=\"far-fork\"/>", x, y, FAR_FORK));
                }
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                        + "stroke=\"white\" stroke-width=\"0.8\"><title>%s</title></circle>",
                        x, y, color(s), Html.escape(tooltip)));
            }
        }
    }

    /** "io" for a table split by workload=io: the legend's name of a series. */
    static String seriesName(Report.Table table) {
        String split = table.split();
        if (split.isEmpty()) {
            return table.title();
        }
        int eq = split.indexOf('=');
        return eq > 0 && !split.contains(" · ") ? split.substring(eq + 1) : split;
    }

    private static String color(int series) {
        return SvgCharts.PALETTE[series % SvgCharts.PALETTE.length];
    }
}
