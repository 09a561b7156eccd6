package dev.cmbench.analysis.cli;

import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.Cells;
import dev.cmbench.analysis.render.ConsoleTables;
import dev.cmbench.analysis.render.CsvRenderer;
import dev.cmbench.analysis.render.HtmlRenderer;
import dev.cmbench.analysis.render.LoadText;
import dev.cmbench.analysis.render.MarkdownRenderer;
import dev.cmbench.analysis.render.RepeatText;
import dev.cmbench.analysis.render.SvgCharts;
import dev.cmbench.analysis.stats.BetweenRuns;
import dev.cmbench.analysis.stats.RepeatCheck;
import dev.cmbench.analysis.stats.Report;
import dev.cmbench.analysis.stats.ReportBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report}: comparison tables and charts from one or more JMH JSON files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Comparison tables (rows = models, columns = the other params), a summary of who wins, "
                + "latency percentiles, skipped configurations; Markdown on standard output unless --out is given.",
                "env.json and skipped.json beside a result file are read when present."})
public final class ReportCommand implements Callable<Integer> {

    enum Format { MD, CSV, HTML, SVG, ALL }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULT.json", description = "JMH JSON result files (-rf json)")
    List<Path> files;

    @Option(names = "--format", defaultValue = "md", paramLabel = "md|csv|html|svg|all",
            description = "output format (default: ${DEFAULT-VALUE}); svg writes every chart as a file of its own "
                    + "under charts/, for pages that cannot hold inline SVG; all writes everything")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "write report.md / report.csv / report.html here")
    Path out;

    @Option(names = "--reference", paramLabel = "PARAM=VALUE",
            description = "the row ratios are taken against, e.g. model=platform (default: each table's first row)")
    String reference;

    @Option(names = "--rows", paramLabel = "PARAM", description = "the param whose values make the rows "
            + "(default: model, else kind, else the benchmark method)")
    String rows;

    @Option(names = "--split", paramLabel = "PARAM", defaultValue = "workload",
            description = "the param that splits a family into tables (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--title", defaultValue = "cmbench report", description = "the report's heading")
    String title;

    @Option(names = "--repeat", paramLabel = "RESULT.json", description = "a second run of the same code: the report "
            + "shows how many of its figures land inside this run's intervals, and names those that do not")
    Path repeat;

    @Option(names = "--slo", paramLabel = "MILLIS", description = "the latency SLO servers under load are held to, "
            + "on the p99, in ms (default: ten times the workload's sleep, from env.json)")
    Double sloMillis;

    @Option(names = "--between-runs", arity = "2", paramLabel = "RUN.json",
            description = "a run and its repeat an hour later (two JMH JSON files; repeatable): how far their figures "
                    + "moved beyond the spread of their forks is estimated and added to the intervals, which then hold "
                    + "a repeat run an hour later, not only the spread within this run; never give the --repeat run here")
    List<Path> betweenRuns = new ArrayList<>();

    @Option(names = "--allow-env-mismatch", description = "with --repeat: check a second run made on another "
            + "machine, JDK, JVM options or calibration anyway (the report says so)")
    boolean allowEnvMismatch;

    @Override
    public Integer call() throws InputException, IOException {
        if (reference != null && (reference.indexOf('=') < 1 || reference.endsWith("="))) {
            throw new InputException("--reference takes PARAM=VALUE, e.g. model=platform; got '" + reference + "'");
        }
        if ((format == Format.ALL || format == Format.SVG) && out == null) {
            throw new InputException("--format " + format.name().toLowerCase(Locale.ROOT)
                    + " writes several files: give --out DIR");
        }
        List<ResultSet> sets = new ArrayList<>();
        for (Path file : files) {
            sets.add(ResultSet.read(file));
        }
        Optional<ResultSet> second = repeat == null ? Optional.empty() : Optional.of(ResultSet.read(repeat));
        if (sloMillis != null && !(sloMillis > 0 && Double.isFinite(sloMillis))) {
            throw new InputException("--slo takes a positive number of milliseconds; got " + sloMillis);
        }
        List<BetweenRuns.Pair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < betweenRuns.size(); i += 2) {
            if (repeat != null && (sameFile(betweenRuns.get(i), repeat) || sameFile(betweenRuns.get(i + 1), repeat))) {
                throw new InputException(repeat, "is the --repeat run and also in --between-runs: the between-run "
                        + "component it is checked against must come from other runs");
            }
            pairs.add(new BetweenRuns.Pair(ResultSet.read(betweenRuns.get(i)), ResultSet.read(betweenRuns.get(i + 1))));
        }
        Report report = ReportBuilder.build(sets, second, BetweenRuns.estimate(pairs),
                new ReportBuilder.Options(title, rows, split, reference,
                        sloMillis == null ? OptionalDouble.empty() : OptionalDouble.of(sloMillis)));
        if (second.isPresent() && !report.runs().isEmpty()) {
            throw new InputException("--repeat checks one run against its repeat; these " + report.runs().size()
                    + " files are runs side by side: give one");
        }
        List<String> differences = report.repeat().map(RepeatCheck::differences).orElse(List.of());
        if (!differences.isEmpty() && !allowEnvMismatch) {
            throw new InputException("refusing to check a repeat that did other work or ran elsewhere ("
                    + String.join("; ", differences) + "); pass --allow-env-mismatch to check it anyway");
        }
        differences.forEach(d -> spec.commandLine().getErr().println("cmbench analyzer: WARNING: the repeat's "
                + "environment differs: " + d));
        Map<String, String> rendered = new LinkedHashMap<>();
        if (format == Format.MD || format == Format.ALL) {
            rendered.put("report.md", MarkdownRenderer.render(report));
        }
        if (format == Format.CSV || format == Format.ALL) {
            rendered.put("report.csv", CsvRenderer.render(report));
        }
        if (format == Format.HTML || format == Format.ALL) {
            rendered.put("report.html", HtmlRenderer.render(report));
        }
        if (format == Format.SVG || format == Format.ALL) {
            SvgCharts.files(report).forEach((name, svg) -> rendered.put("charts/" + name, svg));
        }
        if (out == null) {
            spec.commandLine().getOut().print(rendered.values().iterator().next());
        } else {
            if (rendered.keySet().stream().anyMatch(name -> name.startsWith("charts/"))) {
                deleteOldCharts(out.resolve("charts"));
            }
            for (var file : rendered.entrySet()) {
                OutputFiles.writeAtomically(out.resolve(file.getKey()), file.getValue());
            }
            long charts = rendered.keySet().stream().filter(name -> name.startsWith("charts/")).count();
            spec.commandLine().getOut().println("cmbench analyzer: wrote " + rendered.keySet().stream()
                    .filter(name -> !name.startsWith("charts/")).collect(Collectors.joining(", "))
                    + (charts == 0 ? "" : (rendered.size() > charts ? " and " : "") + charts
                            + (charts == 1 ? " chart" : " charts") + " in charts/")
                    + " to " + out);
            consoleSummary(report).forEach(spec.commandLine().getOut()::println);
        }
        consoleWarnings(report.warnings()).forEach(w -> spec.commandLine().getErr().println("cmbench analyzer: warning: " + w));
        return Analyzer.OK;
    }

    /**
     * The report's warnings for the console, disturbed forks in one line when there are several:
     * each fork's progress line already said it, and the report names every one (an hour of high
     * steal on a VM flags dozens).
     */
    static List<String> consoleWarnings(List<String> warnings) {
        List<String> disturbed = warnings.stream().filter(w -> w.contains(DISTURBED)).toList();
        if (disturbed.size() < 2) {
            return warnings;
        }
        List<String> console = new ArrayList<>(warnings.stream().filter(w -> !w.contains(DISTURBED)).toList());
        console.add(disturbed.size() + " disturbed forks, their figures kept: each named in the report's warnings");
        return console;
    }

    private static final String DISTURBED = ": a disturbed fork, its figures kept: ";

    /**
     * What the report leads with, for a console that shows no file (mvn verify -Pbench): the
     * sentence on intervals, and its headline table (or each family's table of figures) in text;
     * who leads and every interval are in the report.
     */
    private static List<String> consoleSummary(Report report) {
        List<String> lines = new ArrayList<>();
        String intervals = Cells.intervals(report);
        if (!intervals.isEmpty()) {
            lines.add(intervals);
        }
        Cells.runs(report).ifPresent(lines::add);
        report.repeat().map(RepeatText::sentence).ifPresent(lines::add);
        report.loadSweeps().stream().map(LoadText::capacityLine).flatMap(Optional::stream).forEach(lines::add);
        lines.addAll(ConsoleTables.lines(report));
        return lines;
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Charts of an earlier report in the same place would pass for this one's. */
    private static void deleteOldCharts(Path charts) throws IOException {
        if (Files.isDirectory(charts)) {
            try (var old = Files.newDirectoryStream(charts, "{headline,load,bars,latency}-*.svg")) {
                for (Path chart : old) {
                    Files.delete(chart);
                }
            }
        }
    }
}
