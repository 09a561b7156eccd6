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

    /** Where the repository keeps its published runs, relative to its root, where the suite runs. */
    static final String PUBLISHED = "results";

    private final Path out;
    private final String baseline;
    private final List<Side> sides;
    private String failure;

    AnalyzerHandover(Path out, String baseline, List<Side> sides) {
        this.out = out;
        this.baseline = baseline;
        this.sides = sides;
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
            gate = Analyzer.run(gateOut, stderr, "compare", "--out", compare.toString(), baseline, results.toString());
        } else if (sides.size() > 1) {
            if (!complete) {
                System.err.println("cmbench: the A/B comparison below has only the pairs that finished");
            }
            gate = Analyzer.run(gateOut, stderr, pairedCompare(compare, results).toArray(String[]::new));
            appendNotCompared(compare, skipped);
        } else {
            return 0;
        }
        table.toString().lines().filter(line -> line.startsWith("**Verdict")).findFirst()
                .ifPresent(verdict -> stdout.println("cmbench: gate against " + against() + ": "
                        + verdict.replace("**", "").replaceAll("\\\\(.)", "$1") + " (compare.md has every result)"));
        if (gate == 1) {
            failure = "cmbench: the gate failed: regressions against " + against() + ", listed in " + compare;
        } else if (gate != 0) {
            failure = "cmbench: the gate could not compare the runs, as the analyzer's line above says";
        }
        return gate;
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
