package dev.cmbench.analysis.cli;

import dev.cmbench.analysis.read.CompareConfig;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.ComparisonRenderer;
import dev.cmbench.analysis.stats.Comparison;
import dev.cmbench.analysis.stats.EnvironmentCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code compare} (alias {@code gate}): the regression gate between a baseline and a current run. */
@Command(name = "compare", aliases = "gate", mixinStandardHelpOptions = true,
        description = {"Matches results by benchmark + mode + threads + params and decides slower / faster / "
                + "unchanged / inconclusive from a t-test on the log fork means of the rawData (Welch's, or paired "
                + "with --paired), with Benjamini-Hochberg false-discovery control. Exit 1 if anything is slower "
                + "beyond the threshold or failed."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE.json")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT.json")
    Path current;

    @Option(names = "--threshold", paramLabel = "FRACTION", converter = Fraction.class,
            description = "smallest change that counts, 0.05 or 5%% (default: 5%%, or the config's)")
    Double threshold;

    @Option(names = "--fdr", paramLabel = "FRACTION", converter = Fraction.class,
            description = "false discovery rate over all comparisons of the run (default: 5%%, or the config's)")
    Double fdr;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON: thresholds per benchmark, ignore list, "
            + "secondary metrics to gate")
    Path config;

    @Option(names = "--gate-secondary", paramLabel = "METRIC", description = "also gate this secondary metric, "
            + "e.g. gc.alloc.rate.norm (repeatable)")
    List<String> secondary = List.of();

    @Option(names = "--paired", description = "the two files are the sides of an A/B run: fork k of each result in "
            + "BASELINE ran in the same round as fork k in CURRENT; test the per-round log ratios (paired t-test)")
    boolean paired;

    @Option(names = "--allow-env-mismatch", description = "compare even when cores, JDK or JVM args differ")
    boolean allowEnvMismatch;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the Markdown here")
    Path out;

    @Override
    public Integer call() throws InputException, IOException {
        ResultSet before = ResultSet.read(baseline);
        ResultSet after = ResultSet.read(current);
        // A benchmark's figure is gated even where it is a secondary metric (its env.json names it).
        List<String> gated = new ArrayList<>(secondary);
        gated.addAll(after.environment().headlineMetrics().values());
        CompareConfig settings = (config == null ? CompareConfig.defaults() : CompareConfig.read(config))
                .with(threshold, fdr, gated.stream().distinct().toList());
        List<String> differences = EnvironmentCheck.differences(before, after);
        if (!differences.isEmpty() && !allowEnvMismatch) {
            throw new InputException("refusing to gate across different environments (" + String.join("; ", differences)
                    + "); pass --allow-env-mismatch to compare anyway");
        }
        differences.forEach(d -> spec.commandLine().getErr().println("cmbench analyzer: WARNING: environments differ: " + d));
        Comparison.Outcome outcome = Comparison.compare(before, after, settings, paired);
        String markdown = ComparisonRenderer.render(baseline.toString(), current.toString(), outcome, differences);
        if (out != null) {
            OutputFiles.writeAtomically(out, markdown);
        }
        spec.commandLine().getOut().print(markdown);
        return outcome.regression() ? Analyzer.REGRESSION : Analyzer.OK;
    }

    /** "0.05" or "5%". */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.strip();
            double d = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100 : Double.parseDouble(v);
            if (!Double.isFinite(d) || d < 0) {
                throw new IllegalArgumentException("'" + value + "' is not a fraction >= 0 such as 0.05 or 5%");
            }
            return d;
        }
    }
}
