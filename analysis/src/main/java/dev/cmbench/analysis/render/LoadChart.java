package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.LoadSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The throughput–latency chart of a {@link LoadSweep}: the p99 latency against the achieved rate,
 * one line per server kind through its steps in order of offered rate, both axes logarithmic
 * (rates from hundreds to tens of thousands, latencies from a millisecond to seconds), and the SLO
 * as a dashed line. A line that bends up and back shows a kind past its capacity: the rate it
 * delivers stops growing while its latency does. A hollow point is a step whose generator's own
 * lateness was a large part of its latency.
 */
public final class LoadChart {

    private static final int LEFT = 64;
    private static final int TOP = 34;
    private static final int PLOT_WIDTH = 520;
    private static final int PLOT_HEIGHT = 300;
    private static final int LEGEND_WIDTH = 190;

    private LoadChart() {
    }

    public static String svg(LoadSweep sweep) {
        List<LoadSweep.Point> all = sweep.curves().stream().flatMap(c -> c.points().stream())
                .filter(p -> p.achievedRate() > 0 && p.p99Millis() > 0).toList();
        if (all.isEmpty()) {
            return "";
        }
        double rateLow = decadeBelow(all.stream().mapToDouble(LoadSweep.Point::achievedRate).min().orElseThrow());
        double rateHigh = decadeAbove(all.stream().mapToDouble(LoadSweep.Point::achievedRate).max().orElseThrow());
        double slo = sweep.sloMillis().orElse(Double.NaN);
        double msLow = decadeBelow(Math.min(all.stream().mapToDouble(LoadSweep.Point::p99Millis).min().orElseThrow(),
                Double.isNaN(slo) ? Double.MAX_VALUE : slo));
        double msHigh = decadeAbove(Math.max(all.stream().mapToDouble(LoadSweep.Point::p99Millis).max().orElseThrow(),
                Double.isNaN(slo) ? 0 : slo));
        int width = LEFT + PLOT_WIDTH + 20 + LEGEND_WIDTH;
        int height = TOP + PLOT_HEIGHT + 50;
        StringBuilder svg = SvgCharts.open(width, height, "p99 latency against achieved rate, " + sweep.title());
        svg.append(SvgCharts.text(4, 16, "bold", "start", "p99 latency against the rate achieved · "
                + fixed(sweep) + " · log scales", 110));
        axes(svg, rateLow, rateHigh, msLow, msHigh);
        if (!Double.isNaN(slo)) {
            double y = y(slo, msLow, msHigh);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#a33\" "
                    + "stroke-dasharray=\"6 4\"/>", LEFT, y, LEFT + PLOT_WIDTH, y));
            svg.append(SvgCharts.text(LEFT + PLOT_WIDTH - 4, (int) y - 4, "normal", "end", "SLO " + millis(slo), 20));
        }
        for (int c = 0; c < sweep.curves().size(); c++) {
            curve(svg, sweep.curves().get(c), SvgCharts.PALETTE[c % SvgCharts.PALETTE.length], rateLow, rateHigh, msLow,
                    msHigh);
            int ly = TOP + 8 + c * 18;
            String color = SvgCharts.PALETTE[c % SvgCharts.PALETTE.length];
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>", LEFT + PLOT_WIDTH + 20, ly, LEFT + PLOT_WIDTH + 40, ly, color));
            svg.append(SvgCharts.text(LEFT + PLOT_WIDTH + 46, ly + 4, "normal", "start", sweep.curves().get(c).label(), 22));
        }
        int noteY = TOP + 8 + sweep.curves().size() * 18 + 10;
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"white\" stroke=\"#555\"/>",
                LEFT + PLOT_WIDTH + 30, noteY));
        svg.append(SvgCharts.text(LEFT + PLOT_WIDTH + 46, noteY + 4, "normal", "start", "generator behind", 22));
        return svg.append("</svg>\n").toString();
    }

    private static void curve(StringBuilder svg, LoadSweep.Curve curve, String color, double rateLow, double rateHigh,
            double msLow, double msHigh) {
        List<String> xy = new ArrayList<>();
        StringBuilder dots = new StringBuilder();
        for (LoadSweep.Point p : curve.points()) {
            if (!(p.achievedRate() > 0 && p.p99Millis() > 0)) {
                continue;
            }
            double x = x(p.achievedRate(), rateLow, rateHigh);
            double y = y(p.p99Millis(), msLow, msHigh);
            xy.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            String tooltip = curve.label() + ": offered " + p.offeredRate() + "/s, achieved " + rate(p.achievedRate())
                    + ", p99 " + millis(p.p99Millis()) + (p.timeouts() > 0 ? " (" + ScoreUnit.number(p.timeouts())
                    + " time-outs: a lower bound)" : "") + ", server CPU " + ScoreUnit.number(p.serverCpuMicros())
                    + " µs/request" + (p.harnessBound() ? "; generator behind" : "");
            dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\" "
                    + "stroke-width=\"1.5\"><title>%s</title></circle>", x, y, p.harnessBound() ? "white" : color, color,
                    Html.escape(tooltip)));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                + "opacity=\"0.8\"><title>%s</title></polyline>", String.join(" ", xy), color, Html.escape(curve.label())))
                .append(dots);
    }

    private static void axes(StringBuilder svg, double rateLow, double rateHigh, double msLow, double msHigh) {
        int bottom = TOP + PLOT_HEIGHT;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
        for (double tick : ticks(rateLow, rateHigh)) {
            double x = x(tick, rateLow, rateHigh);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                    x, TOP, x, bottom));
            svg.append(SvgCharts.text((int) x, bottom + 16, "normal", "middle", rate(tick), 10));
        }
        for (double tick : ticks(msLow, msHigh)) {
            double y = y(tick, msLow, msHigh);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT, y, LEFT + PLOT_WIDTH, y));
            svg.append(SvgCharts.text(LEFT - 6, (int) y + 4, "normal", "end", millis(tick), 10));
        }
        svg.append(SvgCharts.text(LEFT + PLOT_WIDTH / 2, bottom + 36, "normal", "middle",
                "requests per second achieved", 40));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">"
                + "p99 latency</text>", TOP + PLOT_HEIGHT / 2, TOP + PLOT_HEIGHT / 2));
    }

    /** 1, 2 and 5 times each power of ten in [low, high]. */
    private static List<Double> ticks(double low, double high) {
        List<Double> ticks = new ArrayList<>();
        for (double decade = low; decade <= high * 1.0001; decade *= 10) {
            for (double m : new double[] {1, 2, 5}) {
                if (m * decade <= high * 1.0001) {
                    ticks.add(m * decade);
                }
            }
        }
        return ticks;
    }

    private static double x(double rate, double low, double high) {
        return LEFT + (Math.log10(rate) - Math.log10(low)) / (Math.log10(high) - Math.log10(low)) * PLOT_WIDTH;
    }

    private static double y(double ms, double low, double high) {
        return TOP + PLOT_HEIGHT - (Math.log10(ms) - Math.log10(low)) / (Math.log10(high) - Math.log10(low)) * PLOT_HEIGHT;
    }

    private static double decadeBelow(double value) {
        return Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
    }

    private static double decadeAbove(double value) {
        double above = Math.pow(10, Math.ceil(Math.log10(value) - 1e-9));
        return above <= value ? above * 10 : above;
    }

    static String fixed(LoadSweep sweep) {
        return sweep.fixedParams().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    static String millis(double ms) {
        return ScoreUnit.duration(ms * 1e6);
    }

    static String rate(double perSecond) {
        return perSecond >= 1000 ? ScoreUnit.number(perSecond / 1000) + "k" : ScoreUnit.number(perSecond);
    }
}
