package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.LoadSweep;
import dev.cmbench.analysis.stats.Report;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inline SVG charts: no scripts, no fonts, no external files, so the page opens offline and on
 * GitHub. Every label is escaped; long ones are shortened, with the full text as a tooltip.
 */
public final class SvgCharts {

    static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    private static final int LABEL_WIDTH = 170;
    private static final int PLOT_WIDTH = 430;
    private static final int VALUE_WIDTH = 190; // "100.22 ms [95.12, 105.61]"
    private static final int BAR_HEIGHT = 16;
    private static final int ROW_HEIGHT = 20;
    private static final int GROUP_TITLE = 22;

    private SvgCharts() {
    }

    /**
     * Horizontal bars, one group per column of the table and one bar per row, with error bars
     * from the cell's interval ({@link ForkInterval}; none with one fork). Log scale when the
     * values span more than 30×, as batch makespans do.
     */
    static String bars(Report.Table table) {
        List<double[]> valued = new ArrayList<>(); // lo, score, hi in base units
        ScoreUnit unit = null;
        for (Report.Row row : table.rows()) {
            for (Report.Cell cell : row.cells()) {
                if (cell.hasScore()) {
                    Metric m = cell.metric();
                    unit = m.unit();
                    double score = m.unit().toBase(cell.centre());
                    ForkInterval i = cell.interval() == null ? null : cell.interval().map(m.unit()::toBase);
                    valued.add(new double[] {i == null ? score : i.low(), score, i == null ? score : i.high()});
                }
            }
        }
        if (unit == null) {
            return "";
        }
        double min = valued.stream().mapToDouble(v -> v[1]).filter(v -> v > 0).min().orElse(1);
        double max = valued.stream().mapToDouble(v -> Math.max(v[1], v[2])).max().orElse(1);
        Scale scale = max / min > 30 && min > 0 ? Scale.log(min, max, unit.isBytes() ? 1024 : 10) : Scale.linear(max);
        ScoreUnit base = unit.base();
        int groups = table.columns().size();
        ScoreUnit.Shown shown = Cells.shown(table);
        int height = 10 + groups * (GROUP_TITLE + table.rows().size() * ROW_HEIGHT + 8) + 34;
        int width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
        StringBuilder svg = open(width, height, "bar chart of " + table.title());
        int y = 10;
        int plotX = LABEL_WIDTH;
        for (int c = 0; c < groups; c++) {
            svg.append(text(4, y + 15, "bold", "start", table.columns().size() > 1 ? table.columns().get(c) : table.title(), 60));
            y += GROUP_TITLE;
            for (int r = 0; r < table.rows().size(); r++) {
                Report.Row row = table.rows().get(r);
                Report.Cell cell = row.cells().get(c);
                svg.append(text(LABEL_WIDTH - 8, y + 13, "normal", "end", row.label(), 24));
                if (!cell.hasScore()) {
                    svg.append(text(plotX + 4, y + 13, "italic", "start", cell.isEmpty() ? Cells.score(cell) : "failed", 40));
                } else {
                    Metric m = cell.metric();
                    double score = m.unit().toBase(cell.centre());
                    double w = Math.max(1, scale.x(score) * PLOT_WIDTH);
                    svg.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
                            plotX, y + 2, w, BAR_HEIGHT, PALETTE[r % PALETTE.length],
                            Html.escape(row.label() + ": " + Cells.score(cell, shown))));
                    ForkInterval interval = cell.interval() == null ? null : cell.interval().map(m.unit()::toBase);
                    if (interval != null && interval.high() > interval.low()) {
                        double lo = plotX + scale.x(interval.low()) * PLOT_WIDTH;
                        double hi = plotX + scale.x(interval.high()) * PLOT_WIDTH;
                        int mid = y + 2 + BAR_HEIGHT / 2;
                        svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" "
                                + "stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>", lo, mid, hi, lo, mid - 4, mid + 4,
                                hi, mid - 4, mid + 4));
                    }
                    double end = plotX + Math.max(w, interval != null ? scale.x(interval.high()) * PLOT_WIDTH : 0);
                    String far = Cells.farFork(cell);
                    svg.append(text((int) end + 6, y + 13, "normal", "start", Cells.score(cell, shown)
                            + (far.isEmpty() ? "" : " · " + far), 80));
                }
                y += ROW_HEIGHT;
            }
            y += 8;
        }
        axis(svg, scale, base, plotX, y + 4);
        return svg.append("</svg>\n").toString();
    }

    /**
     * Latency against percentile on a "nines" axis (p90 → 1, p99 → 2, p99.9 → 3), log latency,
     * one line per result: the tail is where models differ.
     */
    static String percentileCurves(List<Report.LatencyRow> rows) {
        List<Report.LatencyRow> shown = rows.stream().limit(PALETTE.length).toList();
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        double maxNines = 1;
        for (Report.LatencyRow row : shown) {
            for (var point : row.curveNanos().entrySet()) {
                if (point.getKey() > 0 && point.getKey() < 100 && point.getValue() > 0) {
                    minY = Math.min(minY, point.getValue());
                    maxY = Math.max(maxY, point.getValue());
                    maxNines = Math.max(maxNines, nines(point.getKey()));
                }
            }
        }
        if (maxY == 0) {
            return "";
        }
        Scale y = minY < maxY ? Scale.log(minY, maxY, 10) : Scale.linear(maxY * 1.2);
        int left = 70;
        int plotW = 520;
        int plotH = 260;
        int legend = shown.size() * 18 + 10;
        StringBuilder svg = open(left + plotW + 30, 20 + plotH + 40 + legend, "latency percentiles");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"20\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", left, plotW, plotH));
        double xMax = Math.ceil(maxNines);
        for (int n = 0; n <= xMax; n++) {
            double x = left + n / xMax * plotW;
            // p0, p90, p99, p99.9, ...: 100 - 10^(2-n), in decimal so that no float noise shows
            String label = n == 0 ? "p0" : "p" + BigDecimal.valueOf(100)
                    .subtract(BigDecimal.ONE.movePointRight(2 - n)).stripTrailingZeros().toPlainString();
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                    x, x, 20 + plotH));
            svg.append(text((int) x, 20 + plotH + 16, "normal", "middle", label, 10));
        }
        for (double tick : y.ticks()) {
            double py = 20 + plotH - y.x(tick) * plotH;
            svg.append(text(left - 6, (int) py + 4, "normal", "end", ScoreUnit.duration(tick), 12));
        }
        for (int i = 0; i < shown.size(); i++) {
            Report.LatencyRow row = shown.get(i);
            StringBuilder points = new StringBuilder();
            for (var point : row.curveNanos().entrySet()) {
                if (point.getKey() > 0 && point.getKey() < 100 && point.getValue() > 0) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + nines(point.getKey()) / xMax * plotW,
                            20 + plotH - y.x(point.getValue()) * plotH));
                }
            }
            svg.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\">"
                    + "<title>%s</title></polyline>", points.toString().strip(), PALETTE[i], Html.escape(row.label())));
            int ly = 20 + plotH + 36 + i * 18;
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", left, ly - 10,
                    PALETTE[i]));
            svg.append(text(left + 18, ly, "normal", "start", row.label(), 90));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Every chart as a standalone SVG document, by file name: {@code headline-efficiency.svg},
     * {@code load-<sweep>.svg}, {@code bars-<table>.svg} and {@code latency-<group>.svg}. Names are the titles made safe for
     * any file system.
     */
    public static Map<String, String> files(Report report) {
        Map<String, String> files = new LinkedHashMap<>();
        String headline = HeadlineChart.svg(report.headline());
        if (!headline.isEmpty()) {
            files.put("headline-efficiency.svg", headline);
        }
        for (LoadSweep sweep : report.loadSweeps()) {
            String svg = LoadChart.svg(sweep);
            if (!svg.isEmpty()) {
                files.put("load-" + slug(LoadChart.fixed(sweep)) + ".svg", svg);
            }
        }
        for (Report.Table table : report.tables()) {
            String svg = bars(table);
            if (!svg.isEmpty()) {
                files.put("bars-" + slug(table.title()) + ".svg", svg);
            }
        }
        for (Report.LatencyGroup group : report.latency()) {
            String svg = percentileCurves(group.rows());
            if (!svg.isEmpty()) {
                files.put("latency-" + slug(group.title()) + ".svg", svg);
            }
        }
        return files;
    }

    /** "BatchBenchmark · avgt · workload=io" → "BatchBenchmark-avgt-workload-io". */
    static String slug(String title) {
        String slug = title.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-|-$", "");
        return slug.length() > 120 ? slug.substring(0, 120) : slug;
    }

    private static double nines(double percentile) {
        return -Math.log10(1 - percentile / 100);
    }

    /** Opens an SVG document; the white background keeps it readable on dark pages. */
    static StringBuilder open(int width, int height, String label) {
        return new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\" font-size=\"12\">"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>",
                width, height, width, height, Html.escape(label)));
    }

    private static void axis(StringBuilder svg, Scale scale, ScoreUnit base, int x0, int y) {
        svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", x0, y, x0 + PLOT_WIDTH, y));
        for (double tick : scale.ticks()) {
            double x = x0 + scale.x(tick) * PLOT_WIDTH;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>",
                    x, y, x, y + 4));
            svg.append(text((int) x, y + 17, "normal", "middle", tick == 0 ? "0" : base.format(tick), 14));
        }
        svg.append(text(x0 + PLOT_WIDTH, y + 30, "italic", "end", scale.isLog() ? "log scale" : "linear scale", 20));
    }

    /** A text element, shortened to {@code max} characters with the full text as its tooltip. */
    /** About how wide a character of the charts' 12 px bold sans-serif is, in px, for fitting a line to a width. */
    static final int BOLD_CHAR_WIDTH = 7;

    /** {@code content} in lines of at most {@code perLine} characters, broken at spaces (a longer word stays whole). */
    static List<String> wrap(String content, int perLine) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : content.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > perLine) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    static String text(int x, int y, String style, String anchor, String content, int max) {
        String shown = content.length() > max ? content.substring(0, max - 1) + "…" : content;
        String weight = style.equals("bold") ? " font-weight=\"bold\"" : style.equals("italic") ? " font-style=\"italic\"" : "";
        return String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"%s\"%s>%s%s</text>", x, y, anchor, weight,
                Html.escape(shown), shown.equals(content) ? "" : "<title>" + Html.escape(content) + "</title>");
    }

    /** Maps a value to 0..1 along an axis; a log axis has a tick at every power of its base. */
    private record Scale(boolean isLog, double min, double max, double base) {
        /** Base 10 for times; 1024 for bytes, whose ticks then read 1 KiB, 1 MiB rather than 9.77 KiB. */
        static Scale log(double min, double max, double base) {
            double lnBase = Math.log(base);
            return new Scale(true, Math.pow(base, Math.floor(Math.log(min) / lnBase + 1e-9)),
                    Math.pow(base, Math.ceil(Math.log(max) / lnBase - 1e-9)), base);
        }

        static Scale linear(double max) {
            return new Scale(false, 0, niceCeiling(max), 10);
        }

        double x(double value) {
            if (isLog) {
                double v = Math.max(value, min);
                return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            }
            return Math.max(0, value) / max;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (isLog) {
                for (double t = min; t <= max * 1.0001; t *= base) {
                    ticks.add(t);
                }
            } else {
                double step = max / 5;
                for (int i = 0; i <= 5; i++) {
                    ticks.add(step * i);
                }
            }
            return ticks;
        }

        private static double niceCeiling(double value) {
            if (!(value > 0)) {
                return 1;
            }
            double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * magnitude >= value) {
                    return m * magnitude;
                }
            }
            return 10 * magnitude;
        }
    }
}
