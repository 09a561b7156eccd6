package dev.cmbench.suite;

import dev.cmbench.analysis.cli.Analyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The hand-over to the analyzer at the end of a run: the report of this tree's results always,
 * its intervals widened by how far the published runs moved against their repeats;
 * the gate against a stored baseline when one is given; in an A/B run, the paired comparison of
 * the two sides, with the configurations only this tree has listed beneath it.
 */
final class AnalyzerHandover {

    /** What splits a benchmark class into families in an A/B run's gate: a batch's workload decides what code it runs. */
    static final List<String> FAMILY_BY = List.of("workload");

    /** Where the repository keeps its published runs, relative to its root, where the suite runs. */
    static final String PUBLISHED = "results";

    private final Path out;
    private final String baseline;
    private final List<Side> sides;
    private final boolean failOnUnknown;
    private final StagePlan stages;
    private String failure;

    /** @param stages the stages of an A/B run under a time budget, or null */
    AnalyzerHandover(Path out, String baseline, List<Side> sides, boolean failOnUnknown, StagePlan stages) {
        this.out = out;
        this.baseline = baseline;
        this.sides = sides;
        this.failOnUnknown = failOnUnknown;
        this.stages = stages;
    }

    /**
     * Returns 0, 1 on a regression (or nothing to report), 2 on bad input, as the analyzer does.
     * A partial A/B run is compared on the pairs that finished (each side's jmh.json holds only those).
     */
    int analyze(boolean complete, List<ConfigurationGrid.Skipped> skipped) throws IOException {
        PrintWriter stdout = new PrintWriter(System.out, true);
        PrintWriter stderr = new PrintWriter(System.err, true);
        Path results = out.resolve("jmh.json");
        if (!Files.exists(results)) {
            failure = "cmbench: no fork finished, so there is nothing to report";
            System.err.println(failure);
            return 1;
        }
        List<String> reportArgs = new ArrayList<>(List.of("report", "--format", "all", "--out", out.toString()));
        for (Path[] pair : repeatPairs(Path.of(PUBLISHED))) {
            reportArgs.addAll(List.of("--between-runs", pair[0].toString(), pair[1].toString()));
        }
        reportArgs.add(results.toString());
        int report = Analyzer.run(stdout, stderr, reportArgs.toArray(String[]::new));
        if (report != 0) {
            failure = "cmbench: the report of " + results + " failed, as the analyzer's line above says";
            return report;
        }
        Path compare = out.resolve("compare.md");
        // The gate's table is in compare.md; the console gets its verdict line.
        StringWriter table = new StringWriter();
        PrintWriter gateOut = new PrintWriter(table, true);
        int gate;
        if (!baseline.isBlank()) {
            List<String> args = new ArrayList<>(List.of("compare", "--out", compare.toString()));
            if (failOnUnknown) {
                args.add("--fail-on-unknown");
            }
            args.addAll(List.of(baseline, results.toString()));
            gate = Analyzer.run(gateOut, stderr, args.toArray(String[]::new));
        } else if (sides.size() > 1) {
            if (!complete) {
                System.err.println("cmbench: the A/B comparison below has only the pairs that finished");
            }
            gate = Analyzer.run(gateOut, stderr, pairedCompare(compare, results).toArray(String[]::new));
            appendNotCompared(compare, skipped);
        } else {
            return 0;
        }
        String verdict = table.toString().lines().filter(line -> line.startsWith("**Verdict")).findFirst()
                .orElse("");
        if (!verdict.isEmpty()) {
            stdout.println("cmbench: gate against " + against() + ": " + plain(verdict) + " (compare.md has every result)");
        }
        consoleLines(table.toString()).forEach(line -> stdout.println("cmbench: " + line));
        if (gate == 1) {
            failure = "cmbench: the gate failed: " + (verdict.contains("UNKNOWN")
                    ? "its verdict is UNKNOWN (--fail-on-unknown)" : "regressions") + " against " + against()
                    + ", listed in " + compare;
        } else if (gate != 0) {
            failure = "cmbench: the gate could not compare the runs, as the analyzer's line above says";
        }
        return gate;
    }

    /**
     * What the console says beside the gate's verdict: each family's line (in compare.md a row whose
     * verdict is in capitals) and what would decide an UNKNOWN verdict.
     */
    static List<String> consoleLines(String compareMarkdown) {
        List<String> lines = new ArrayList<>();
        boolean toDecide = false;
        for (String line : compareMarkdown.lines().toList()) {
            if (line.matches("\\| [A-Z]+ \\| .*")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
                lines.add("family " + plain(cells[1]) + ": " + cells[0] + " " + cells[2] + " [" + cells[3] + "]");
            } else if (line.equals("What would decide it:")) {
                toDecide = true;
            } else if (toDecide && line.startsWith("- ")) {
                lines.add("to decide " + plain(line.substring(2)));
            }
        }
        return lines;
    }

    /** Markdown's emphasis and escapes taken out, for the console. */
    private static String plain(String markdown) {
        return markdown.replace("**", "").replaceAll("\\\\(.)", "$1");
    }

    /** Why the analysis failed the run, in one line; null when it did not. */
    String failure() {
        return failure;
    }

    private String against() {
        return baseline.isBlank() ? sides.get(1).describe() : baseline;
    }

    /**
     * The published runs that have their repeat beside them ({@code results/<run>/jmh.json} and
     * {@code results/<run>/repeat/jmh.json}), from which the report estimates how far a run an hour
     * later moves; none where the directory is not there (a run outside the repository).
     */
    static List<Path[]> repeatPairs(Path published) throws IOException {
        List<Path[]> pairs = new ArrayList<>();
        if (!Files.isDirectory(published)) {
            return pairs;
        }
        try (var runs = Files.newDirectoryStream(published, Files::isDirectory)) {
            for (Path run : runs) {
                Path first = run.resolve("jmh.json");
                Path second = run.resolve("repeat").resolve("jmh.json");
                if (Files.isRegularFile(first) && Files.isRegularFile(second)) {
                    pairs.add(new Path[] {first, second});
                }
            }
        }
        pairs.sort(Comparator.comparing(pair -> pair[0].toString()));
        return pairs;
    }

    private List<String> pairedCompare(Path compare, Path results) {
        Side against = sides.get(1);
        List<String> args = new ArrayList<>(List.of("compare", "--paired", "--out", compare.toString()));
        FAMILY_BY.forEach(parameter -> args.addAll(List.of("--family-by", parameter)));
        if (stages != null) {
            args.addAll(List.of("--two-stage", stages.test().toString()));
        }
        if (failOnUnknown) {
            args.add("--fail-on-unknown");
        }
        if (against.jvm() != null || !against.jvmArgs().isEmpty()) {
            args.add("--allow-env-mismatch"); // the JVM or its options are what this A/B compares
        }
        args.add(out.resolve(Side.AGAINST).resolve("jmh.json").toString());
        args.add(results.toString());
        return args;
    }

    /** The configurations only this tree has, beneath the verdicts, so that compare.md says what it left out. */
    private void appendNotCompared(Path compare, List<ConfigurationGrid.Skipped> skipped) throws IOException {
        List<ConfigurationGrid.Skipped> missing = skipped.stream().filter(ConfigurationGrid.Skipped::notOnTheOtherSide)
                .toList();
        if (missing.isEmpty() || !Files.exists(compare)) {
            return;
        }
        StringBuilder text = new StringBuilder("\n## Not compared: only in this tree\n\n");
        missing.forEach(s -> text.append("- ").append(s.benchmark()).append(' ').append(s.params()).append(": ")
                .append(s.reason()).append('\n'));
        Files.writeString(compare, text, StandardOpenOption.APPEND);
    }
}
