package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.ResultReader;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.Cells;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ReportTest {

    @TempDir
    Path dir;

    @Test
    void markdownTablesLineUp() {
        Fixtures.Run run = Fixtures.analyzer("report", Fixtures.path("params-1.37.json").toString(),
                Fixtures.path("modes-1.37.json").toString(), Fixtures.path("gc-1.37.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTablesLineUp(run.out());
        assertTrue(run.out().contains("## JMHSample\\_27\\_Params · avgt"), run.out());
        assertTrue(run.out().contains("| arg | certainty=0 | certainty=1 |"), "rows = the first param, columns = the other");
    }

    @Test
    void markupInParamsIsEscapedInEveryFormat() throws IOException {
        ArrayNode results = Fixtures.tree("nan-1.37.json");
        ArrayNode twoRows = results.deepCopy();
        twoRows.add(results.get(0).deepCopy());
        ((ObjectNode) twoRows.get(0)).putObject("params").put("model", "<script>alert(1)</script>").put("x", "a|b");
        ((ObjectNode) twoRows.get(1)).putObject("params").put("model", "<b>bold</b> & *star*").put("x", "a|b");
        Path file = Fixtures.write(dir, "markup.json", twoRows);

        Fixtures.Run run = Fixtures.analyzer("report", "--format", "all", "--out", dir.toString(), file.toString());

        assertEquals(0, run.exitCode(), run.err());
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("<script>"), "script tag must be escaped");
        assertFalse(html.contains("<b>bold"), "markup must be escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; *star*"));
        String md = Files.readString(dir.resolve("report.md"));
        assertFalse(md.contains("<script>"));
        assertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(md.contains("a\\|b"), "a pipe in a param must not split a Markdown cell");
        assertTablesLineUp(md);
        String csv = Files.readString(dir.resolve("report.csv"));
        assertTrue(csv.contains("<script>alert(1)</script>"), "CSV keeps the value as it was");
        List<String> lines = csv.lines().toList();
        assertEquals(3, lines.size());
        assertEquals(columns(lines.get(0)), columns(lines.get(1)));
    }

    @Test
    void aFailedScoreIsShownAsFailedWithAWarning() throws IOException {
        ArrayNode results = Fixtures.tree("modes-1.37.json");
        ((ObjectNode) results.get(2).get("primaryMetric")).put("score", "NaN");
        Path file = Fixtures.write(dir, "failed.json", results);

        Fixtures.Run run = Fixtures.analyzer("report", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("failed (NaN)"), run.out());
        assertTrue(run.out().contains("## Warnings"));
        assertTrue(run.err().contains("warning: " + "org.openjdk.jmh.samples.JMHSample_02_BenchmarkModes.measureThroughput"),
                run.err());
    }

    @Test
    void aNaNErrorShowsTheScoreAlone() {
        Fixtures.Run run = Fixtures.analyzer("report", Fixtures.path("nan-1.37.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Pattern.compile("\\| [0-9.]+ ops/ns \\(×1\\.00\\) \\|").matcher(run.out()).find(), run.out());
        assertFalse(run.out().contains("±"));
    }

    @Test
    void batchResultsGetEfficiencyFromEnvJsonAndTheReferenceIsChosen() throws IOException {
        Path run = SuiteFixture.write(dir);
        Fixtures.Run report = Fixtures.analyzer("report", "--reference", "model=virtual", run.toString());
        assertEquals(0, report.exitCode(), report.err());
        String md = report.out();
        assertTrue(md.contains("## BatchBenchmark · avgt · workload=io"), md);
        assertTrue(md.contains("ratio = score / score of model virtual; eff = ideal bound / measured makespan"), md);
        assertTrue(Pattern.compile("\\| virtual \\| [^|]* \\(×1\\.00 · eff \\d+%\\)").matcher(md).find(), md);
        assertTrue(md.contains("## Skipped by design"), md);
        assertTrue(Pattern.compile("\\| process \\| [^|]+ \\| skipped by design \\|").matcher(md).find(),
                "the hole in the table says why: " + md);
        assertTrue(md.contains("child JVMs at once"), md);
        assertTrue(md.contains("| cores | 2 |"), md);
        assertTrue(md.contains("## Summary"), md);
        assertTrue(Pattern.compile("BatchBenchmark · avgt · workload=io \\(tasks=1000\\): virtual is fastest").matcher(md)
                .find(), md);
        assertTablesLineUp(md);
    }

    /** env.json's processor and its disturbed forks reach the report: a row, and a warning per fork. */
    @Test
    void aDisturbedForkIsNamedInTheReportAndTheCpuInItsEnvironment() throws IOException {
        Path run = SuiteFixture.write(dir);
        ObjectNode env = (ObjectNode) Fixtures.JSON.readTree(dir.resolve("env.json").toFile());
        env.set("cpu", Fixtures.JSON.readTree("{\"model\":\"AMD EPYC 7B13\",\"logicalCpus\":4,\"cores\":2,"
                + "\"sockets\":1,\"threadsPerCore\":2}"));
        env.set("forkEnvironment", Fixtures.JSON.readTree("{\"thresholds\":{\"otherCpuPercent\":10,\"stealPercent\":5},"
                + "\"forks\":24,\"otherCpuPercentMax\":31.5,\"stealPercentMax\":0.2,\"disturbed\":[{\"configuration\":"
                + "\"BatchBenchmark.makespan {model=virtual}\",\"round\":2,\"why\":\"other processes used 31.5 % of the "
                + "machine's CPU time (over 10 %)\"}]}"));
        Fixtures.write(dir, "env.json", env);

        Fixtures.Run report = Fixtures.analyzer("report", run.toString());

        assertEquals(0, report.exitCode(), report.err());
        String md = report.out();
        assertTrue(md.contains("a disturbed fork, its figures kept: BatchBenchmark.makespan {model=virtual}, round 2: "
                + "other processes used 31.5 % of the machine's CPU time (over 10 %)"), md);
        assertTrue(md.contains("| cpu | AMD EPYC 7B13: 4 logical CPUs, 2 cores × 2 threads (SMT), 1 socket |"), md);
        assertTrue(md.contains("over 24 forks, other processes used at most 31.5 % of the machine's CPU time"), md);
        assertTrue(report.err().contains("a disturbed fork"), "on the console too: " + report.err());
    }

    @Test
    void htmlIsOneSelfContainedPageWithCharts() throws IOException {
        Path run = SuiteFixture.write(dir);
        Fixtures.Run report = Fixtures.analyzer("report", "--format", "html", run.toString());
        String html = report.out();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"), "bar charts");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing fetched from elsewhere");
        assertEquals(count(html, "<svg"), count(html, "</svg>"));
    }

    @Test
    void htmlLeadsWithTheBatchesAgainstTheirBoundThenWhoLeadsNotAWallOfSentences() throws IOException {
        Path run = SuiteFixture.write(dir);
        String html = Fixtures.analyzer("report", "--format", "html", run.toString()).out();

        int chart = html.indexOf("<figure id=\"chart-headline\">");
        int headline = html.indexOf("<section id=\"headline\">");
        int leads = html.indexOf("<section id=\"leads\">");
        int firstTable = html.indexOf("<section id=\"t-BatchBenchmark-avgt-workload-io\">");
        assertTrue(chart > 0 && chart < headline && headline < leads && leads < firstTable,
                "the chart, the headline table, who leads, then the tables");
        assertTrue(html.substring(chart, headline).contains("aria-label=\"efficiency of each model against the ideal bound\""),
                "the chart");
        String lead = html.substring(headline, leads);
        assertTrue(lead.contains("BatchBenchmark · avgt: every model against the ideal bound"), lead);
        assertTrue(Pattern.compile("<th>model</th><th>io, tasks=100</th><th>io, tasks=1000</th><th>cpu, tasks=100</th>")
                .matcher(lead).find(), lead);
        assertTrue(Pattern.compile("<tr><td>virtual</td><td class=\"num\">[0-9.]+ ms · \\d+%</td>").matcher(lead).find(),
                "a compact cell: makespan · efficiency: " + lead);
        assertTrue(lead.contains("<td>process</td>") && lead.contains(">skipped</td>"), "a hole says it was skipped");
        assertTrue(html.substring(leads, firstTable).contains("<td>BatchBenchmark · avgt · workload=io (tasks=1000)</td>"),
                "who leads is a table row per column");
        assertFalse(html.contains("<h2>Summary</h2>"), "no list of summary sentences");
        assertTrue(html.contains("<a href=\"#t-BatchBenchmark-avgt-workload-io\">"), "contents link to each table");

        String md = Fixtures.analyzer("report", run.toString()).out();
        int mdHeadline = md.indexOf("## BatchBenchmark · avgt: every model against the ideal bound");
        assertTrue(mdHeadline >= 0 && mdHeadline < md.indexOf("## Summary"), "the Markdown leads with the same compact table");
        assertTablesLineUp(md);
    }

    @Test
    void efficiencyIntervalIsTheBoundOverTheMakespanInterval() throws Exception {
        Report report = ReportBuilder.build(List.of(ResultSet.read(SuiteFixture.write(dir))),
                new ReportBuilder.Options("t", null, "workload", null));
        Report.Table io = table(report, "BatchBenchmark · avgt · workload=io");
        assertEquals(List.of(io, table(report, "BatchBenchmark · avgt · workload=cpu")), report.headline().tables());
        Report.Cell cell = report.headline().cell(io, "virtual", "tasks=1000");
        ForkInterval makespan = cell.interval();
        ForkInterval efficiency = cell.efficiencyInterval();
        double shown = cell.centre();
        assertEquals(cell.efficiency() * shown / makespan.high(), efficiency.low(), 1e-12, "slowest makespan, lowest efficiency");
        assertEquals(cell.efficiency() * shown / makespan.low(), efficiency.high(), 1e-12);
        assertTrue(efficiency.low() < cell.efficiency() && cell.efficiency() < efficiency.high());
        assertTrue(report.headline().cell(io, "process", "tasks=1000").isEmpty(), "a hole where the grid has none");
        assertTrue(report.headline().cell(io, "no-such-model", "tasks=100").isEmpty());
    }

    @Test
    void everyChartCanBeWrittenAsAStandaloneSvgFile() throws IOException {
        Path run = SuiteFixture.write(dir.resolve("run"));
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("charts"));
        Files.writeString(out.resolve("charts/bars-stale.svg"), "<svg/>");

        Fixtures.Run report = Fixtures.analyzer("report", "--format", "svg", "--out", out.toString(), run.toString());

        assertEquals(0, report.exitCode(), report.err());
        List<Path> charts;
        try (var files = Files.list(out.resolve("charts"))) {
            charts = files.sorted().toList();
        }
        assertTrue(charts.stream().noneMatch(c -> c.getFileName().toString().equals("bars-stale.svg")), "stale chart removed");
        assertTrue(charts.contains(out.resolve("charts/bars-BatchBenchmark-avgt-workload-io.svg")), charts.toString());
        assertTrue(charts.contains(out.resolve("charts/headline-efficiency.svg")), charts.toString());
        assertTrue(charts.stream().anyMatch(c -> c.getFileName().toString().startsWith("latency-BatchBenchmark.makespan")),
                charts.toString());
        for (Path chart : charts) {
            String svg = Files.readString(chart);
            assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), chart.toString());
            assertTrue(svg.strip().endsWith("</svg>"), chart.toString());
        }
        assertFalse(Files.exists(out.resolve("report.md")), "svg writes only charts");
        assertEquals(Analyzer.BAD_INPUT, Fixtures.analyzer("report", "--format", "svg", run.toString()).exitCode());
    }

    @Test
    void csvHasARowPerResultAndAColumnPerParam() throws IOException {
        Path run = SuiteFixture.write(dir);
        Fixtures.Run report = Fixtures.analyzer("report", "--format", "csv", run.toString());
        List<String> lines = report.out().lines().toList();
        assertTrue(lines.get(0).contains("param:model") && lines.get(0).contains("param:tasks"), lines.get(0));
        assertEquals(ResultReaderCount.of(run) + 1, lines.size());
        lines.forEach(line -> assertEquals(columns(lines.get(0)), columns(line), line));
    }

    /**
     * Every percentile of the latency table is that of every task of every fork, as HdrHistogram's
     * own log reader gives it from the run's .hlog files read into one histogram, not a mean of
     * the per-iteration percentiles the profiler averaged into jmh.json.
     */
    @Test
    void latencyPercentilesAreThoseOfEveryForksLogMerged() throws Exception {
        Path run = SuiteFixture.write(dir);
        Report report = ReportBuilder.build(List.of(ResultSet.read(run)),
                new ReportBuilder.Options("t", null, "workload", null));
        assertFalse(report.latency().isEmpty());
        int differFromTheAverages = 0;
        for (Report.LatencyGroup group : report.latency()) {
            for (Report.LatencyRow row : group.rows()) {
                assertTrue(row.merged(), row.label());
                Histogram direct = readDirectly(dir.resolve("latency"), row.result());
                for (double p : List.of(50.0, 99.0, 99.9)) {
                    assertEquals(direct.getValueAtPercentile(p), row.at(p), row.label() + " p" + p);
                    double averaged = row.result().secondary().get(ReportBuilder.LATENCY_METRICS.get(p)).score() * 1e6;
                    differFromTheAverages += Math.abs(averaged - row.at(p)) > 0.01 * row.at(p) ? 1 : 0;
                }
                assertEquals(LatencyLogs.CURVE.length, row.curveNanos().size(), "the log's curve: " + row.label());
                assertTrue(row.at(50.0) <= row.at(99.0) && row.at(99.0) <= row.at(99.9), row.percentilesNanos().toString());
            }
        }
        assertTrue(differFromTheAverages > 0, "the merged percentiles are not the profiler's averages");
        String md = Fixtures.analyzer("report", run.toString()).out();
        assertTrue(md.contains("## Latency · BatchBenchmark.makespan · avgt · poolSize=0, tasks=100, tasksPerWorker=1, "
                + "workload=io"), md);
        assertTrue(md.contains("each percentile of every task of every iteration of every fork, merged from the latency"
                + " logs"), md);
    }

    /** The logs of {@code r} in {@code dir}, every interval of every file read by HdrHistogram's own reader into one histogram. */
    private static Histogram readDirectly(Path dir, JmhResult r) throws IOException {
        Histogram all = new Histogram(3);
        try (var logs = Files.newDirectoryStream(dir, "*.hlog")) {
            for (Path log : logs) {
                List<String> header = Files.readAllLines(log).stream().limit(3).toList();
                String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("&"));
                if (!header.contains("#benchmark " + r.benchmark()) || !header.contains("#params " + params)) {
                    continue;
                }
                try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
                    for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                        all.add((Histogram) h);
                    }
                }
            }
        }
        return all;
    }

    /**
     * LockBenchmark (a real full run) has a param named "threads" beside JMH's own thread count.
     * The two once shared one dimension: each cell kept one of four thread counts, silently.
     */
    @Test
    void aParamNamedThreadsKeepsEveryResultInItsOwnCell() throws Exception {
        Path file = Fixtures.path("suite-families-1.37.json");
        Report report = ReportBuilder.build(List.of(ResultSet.read(file)), new ReportBuilder.Options("t", null, "workload", null));

        List<JmhResult> shown = report.tables().stream()
                .filter(t -> t.isPrimary() && t.title().startsWith("LockBenchmark · avgt"))
                .flatMap(t -> t.rows().stream()).flatMap(row -> row.cells().stream()).filter(c -> !c.isEmpty())
                .map(Report.Cell::result).toList();
        List<JmhResult> locks = report.results().stream().filter(r -> r.simpleClassName().equals("LockBenchmark")).toList();
        assertEquals(locks.size(), shown.size(), "one cell per result");
        assertEquals(Set.copyOf(locks), Set.copyOf(shown));
    }

    /** 2 thread kinds × 4 thread counts would be 8 columns: the table splits by the kind, 4 columns each. */
    @Test
    void aTableTooWideForAPageSplitsByItsNarrowestColumnDimension() throws Exception {
        Path file = Fixtures.path("suite-families-1.37.json");
        Report report = ReportBuilder.build(List.of(ResultSet.read(file)), new ReportBuilder.Options("t", null, "workload", null));

        for (String thread : List.of("platform", "virtual")) {
            Report.Table lock = table(report, "LockBenchmark · avgt · thread=" + thread);
            assertEquals(List.of("threads=1", "threads=2", "threads=4", "threads=16"), lock.columns());
            assertTrue(lock.rows().stream().flatMap(row -> row.cells().stream())
                    .allMatch(c -> c.result().params().get("thread").equals(thread)), "only " + thread + " threads");
        }
    }

    /** The footprint's bytes per unit and the cancel's tasks left running are secondary metrics: each gets a table. */
    @Test
    void secondaryMetricsGetTablesOfTheirOwn() throws Exception {
        Path file = Fixtures.path("suite-families-1.37.json");
        Fixtures.Run run = Fixtures.analyzer("report", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTablesLineUp(run.out());

        Report report = ReportBuilder.build(List.of(ResultSet.read(file)), new ReportBuilder.Options("t", null, "workload", null));
        Report.Table bytes = table(report, "FootprintBenchmark · ss · bytesPerUnit");
        assertEquals("bytesPerUnit", bytes.secondaryMetric());
        Report.Cell virtual = bytes.rows().stream().filter(r -> r.label().equals("virtual")).findFirst().orElseThrow()
                .cells().get(0);
        assertEquals(virtual.result().secondary().get("bytesPerUnit"), virtual.metric(), "the cell shows the secondary metric");
        assertTrue(Cells.score(virtual).matches("[0-9.]+ (B|KiB|MiB)( \\[.*])?"), Cells.score(virtual));
        assertTrue(Double.isFinite(virtual.ratio()), "ratio to platform's bytes per unit");
        Report.Table left = table(report, "CancelBenchmark · avgt · tasksLeftRunning");
        assertTrue(left.rows().stream().anyMatch(r -> r.label().equals("completable-future") && r.cells().get(0).metric().score() > 0),
                "CompletableFuture.cancel leaves its task running");
        assertTrue(report.summary().stream().noneMatch(lead -> lead.where().contains("bytesPerUnit")),
                "no winner is called on a metric whose direction is unknown");
        String csv = Fixtures.analyzer("report", "--format", "csv", file.toString()).out();
        assertTrue(csv.lines().findFirst().orElseThrow().contains("secondary:bytesPerUnit,secondary:bytesPerUnit:unit"), csv);
    }

    private static Report.Table table(Report report, String title) {
        return report.tables().stream().filter(t -> t.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError(title + " not in " + report.tables().stream().map(Report.Table::title).toList()));
    }

    public static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    /** Columns of a CSV line (quotes respected). */
    static int columns(String line) {
        int n = 1;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                n++;
            }
        }
        return n;
    }

    /** Every table in the Markdown has the same number of unescaped pipes on each of its lines. */
    public static void assertTablesLineUp(String markdown) {
        int expected = -1;
        for (String line : markdown.lines().toList()) {
            if (!line.startsWith("|")) {
                expected = -1;
                continue;
            }
            int pipes = line.replace("\\\\", "").replace("\\|", "").split("\\|", -1).length - 1;
            if (expected < 0) {
                expected = pipes;
            }
            assertEquals(expected, pipes, "misaligned table line: " + line);
        }
    }

    /** How many results a file holds. */
    static final class ResultReaderCount {
        static int of(Path file) {
            try {
                return ResultReader.read(file).size();
            } catch (InputException e) {
                throw new AssertionError(e);
            }
        }
    }
}
