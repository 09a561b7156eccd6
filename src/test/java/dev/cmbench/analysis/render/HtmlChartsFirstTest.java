package dev.cmbench.analysis.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opens with its two pictures, the efficiency chart and the throughput–latency
 * chart of each server sweep, before any table; the rest follows in its usual order. The input is
 * the batch fixture (suite-a) and the real quick load sweep (load-sweep) in one report.
 */
class HtmlChartsFirstTest {

    private static final String IO_SWEEP = "t-Under-load-connections-1000-stepMillis-1000-workload-io";
    private static final String MIXED_SWEEP = "t-Under-load-connections-1000-stepMillis-1000-workload-mixed";

    @TempDir
    Path dir;

    private String html(Path... results) {
        List<String> args = new ArrayList<>(List.of("report", "--format", "html"));
        for (Path result : results) {
            args.add(result.toString());
        }
        Fixtures.Run run = Fixtures.analyzer(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }

    private Path sweep() throws Exception {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        for (String file : List.of("jmh.json", "env.json")) {
            Files.copy(Path.of(HtmlChartsFirstTest.class.getResource("/load-sweep/" + file).toURI()), sweep.resolve(file));
        }
        return sweep.resolve("jmh.json");
    }

    /** Where each part starts, in the order the page must have them; fails naming a part that is missing. */
    private static List<Integer> positions(String html, String... parts) {
        List<Integer> at = new ArrayList<>();
        for (String part : parts) {
            int index = html.indexOf(part);
            assertTrue(index >= 0, "the page has " + part);
            at.add(index);
        }
        return at;
    }

    private static void assertInOrder(String html, String... parts) {
        List<Integer> at = positions(html, parts);
        for (int i = 1; i < at.size(); i++) {
            assertTrue(at.get(i - 1) < at.get(i), parts[i - 1] + " comes before " + parts[i]);
        }
    }

    @Test
    void theEfficiencyChartThenTheThroughputLatencyChartsOpenThePageBeforeAnyTable() throws Exception {
        String html = html(SuiteFixture.write(dir), sweep());

        assertInOrder(html, "<h1>", "<section id=\"charts\">", "<figure id=\"chart-headline\">",
                "aria-label=\"efficiency of each model against the ideal bound\"",
                "<figure id=\"chart-" + IO_SWEEP + "\">", "aria-label=\"p99 latency against achieved rate",
                "<figure id=\"chart-" + MIXED_SWEEP + "\">", "</section>",
                "<section id=\"headline\">", "<section id=\"" + IO_SWEEP + "\">", "<section id=\"" + MIXED_SWEEP + "\">",
                "<section id=\"leads\">", "<nav ", "<section id=\"t-BatchBenchmark-avgt-workload-io\">",
                "<h2>Latency · ", "<h2>Environment</h2>");
        String opening = html.substring(0, html.indexOf("<section id=\"headline\">"));
        assertEquals(-1, opening.indexOf("<table"), "no table before the charts: " + opening);
        assertEquals(3, opening.split("<svg", -1).length - 1, "the efficiency chart and a curve chart per workload");
        assertTrue(opening.contains("<a href=\"#" + IO_SWEEP + "\">"), "a chart links to its legend and tables");
    }

    /** The chart that opens the page says in its title how to read it: whole, not cut at the chart's edge. */
    @Test
    void theEfficiencyChartsTitleIsWholeWithinItsWidth() throws Exception {
        String html = html(SuiteFixture.write(dir));
        int at = html.indexOf("<figure id=\"chart-headline\">");
        String svg = html.substring(at, html.indexOf("</figure>", at));
        Matcher size = Pattern.compile("<svg [^>]*width=\"(\\d+)\"").matcher(svg);
        assertTrue(size.find(), svg);
        int width = Integer.parseInt(size.group(1));
        List<String> lines = new ArrayList<>();
        Matcher title = Pattern.compile("<text x=\"4\" y=\"\\d+\" text-anchor=\"start\" font-weight=\"bold\">([^<]*)</text>")
                .matcher(svg);
        while (title.find()) {
            lines.add(title.group(1));
        }
        assertEquals(HeadlineChart.TITLE, String.join(" ", lines).replace("&amp;", "&"), "the whole title: " + lines);
        for (String line : lines) {
            assertTrue(4 + line.length() * SvgCharts.BOLD_CHAR_WIDTH <= width, "'" + line + "' fits in " + width + " px");
        }
    }

    @Test
    void aRunWithoutServersOpensWithTheEfficiencyChartAlone() throws Exception {
        String html = html(SuiteFixture.write(dir));

        assertInOrder(html, "<section id=\"charts\">", "<figure id=\"chart-headline\">", "<section id=\"headline\">");
        String opening = html.substring(0, html.indexOf("<section id=\"headline\">"));
        assertEquals(1, opening.split("<svg", -1).length - 1, opening);
        assertEquals(-1, html.indexOf("Under load"), "no sweep, no curve");
    }

    @Test
    void aSweepAloneOpensWithItsCurves() throws Exception {
        String html = html(sweep());

        assertInOrder(html, "<section id=\"charts\">", "<figure id=\"chart-" + IO_SWEEP + "\">",
                "<section id=\"" + IO_SWEEP + "\">");
        assertEquals(-1, html.indexOf("chart-headline"), "no batches, no efficiency chart");
    }
}
