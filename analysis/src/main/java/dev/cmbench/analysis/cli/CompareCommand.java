package dev.cmbench.analysis.cli;

import dev.cmbench.analysis.read.CompareConfig;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.ComparisonRenderer;
import dev.cmbench.analysis.stats.Comparison;
import dev.cmbench.analysis.stats.EnvironmentCheck;
import dev.cmbench.analysis.stats.FamilyReplay;
import dev.cmbench.analysis.stats.FamilyVerdicts;
import dev.cmbench.analysis.stats.TwoStage;
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
                + "with --paired), with Benjamini-Hochberg false-discovery control; paired, a verdict per family and "
                + "for the run from their pooled pairs. The run's verdict: PASS, FAIL (a result or family slower "
                + "beyond the threshold, or failed: exit 1) or UNKNOWN (a change past the threshold undecided: "
                + "exit 0, or 1 with --fail-on-unknown)."})
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

    @Option(names = "--fail-on-unknown", description = "exit 1 when the verdict is UNKNOWN: a change past the"
            + " threshold that could not be decided (one fork, too few pairs) fails, as a regression does")
    boolean failOnUnknown;

    @Option(names = "--family-by", paramLabel = "PARAM", description = "with --paired: a parameter that splits a"
            + " benchmark class into families, each with its own verdict, e.g. workload (repeatable)")
    List<String> familyBy = List.of();

    @Option(names = "--two-stage", paramLabel = "FIRST:SECOND", converter = TwoStageConverter.class,
            description = "with --paired: the pairs are of a run under a time budget, its first FIRST pairs of every"
                    + " result a first stage, the rest a second stage planned at SECOND pairs; test them with the"
                    + " two-stage combination test, which keeps its level after the look between the stages")
    TwoStage twoStage;

    @Option(names = "--replay", paramLabel = "N", description = "with --paired: replay the pairs N times through the"
            + " family verdicts, rounds drawn with replacement, and print how often a family line flagged something"
            + " (the false-alarm rate, for the pairs of an A/A run)")
    int replay;

    @Option(names = "--replay-centred", description = "with --replay: take each result's mean log ratio out first"
            + " (a null made from an A/B run's own spreads)")
    boolean replayCentred;

    @Option(names = "--replay-seed", defaultValue = "1", paramLabel = "SEED", description = "with --replay: the seed")
    long replaySeed;

    @Option(names = "--replay-draw", defaultValue = "resample", paramLabel = "resample|swap",
            description = "with --replay: draw the rounds again with replacement (default), or keep every pair and"
                    + " swap its sides at random (exact for an A/A run)")
    FamilyReplay.Draw replayDraw;

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
        if (twoStage != null && !paired) {
            throw new InputException("--two-stage tests the pairs of an A/B run: give --paired");
        }
        if (replay > 0 && !paired) {
            throw new InputException("--replay replays the pairs of an A/B run: give --paired");
        }
        FamilyVerdicts.Grouping grouping = new FamilyVerdicts.Grouping(after.environment().headlineMetrics(), familyBy);
        Comparison.Outcome outcome = Comparison.compare(before, after, settings, paired, grouping, twoStage);
        String markdown = ComparisonRenderer.render(baseline.toString(), current.toString(), outcome, differences);
        if (replay > 0) {
            FamilyReplay.Rate rate = FamilyReplay.replay(FamilyVerdicts.ratios(outcome.changes(), grouping),
                    settings.fdr(), replay, replaySeed, replayCentred, replayDraw, twoStage);
            markdown += "\n" + ComparisonRenderer.replay(rate, replayCentred, replayDraw) + "\n";
        }
        if (out != null) {
            OutputFiles.writeAtomically(out, markdown);
        }
        spec.commandLine().getOut().print(markdown);
        Comparison.RunVerdict verdict = outcome.verdict();
        if (verdict == Comparison.RunVerdict.UNKNOWN) {
            spec.commandLine().getErr().println("cmbench analyzer: verdict UNKNOWN: " + outcome.undecided().size()
                    + " result(s) or a family past the threshold could not be decided (what would decide them is"
                    + " listed above)" + (failOnUnknown ? "; --fail-on-unknown: exit 1" : "; not a pass"));
        }
        boolean fails = verdict == Comparison.RunVerdict.FAIL
                || verdict == Comparison.RunVerdict.UNKNOWN && failOnUnknown;
        return fails ? Analyzer.REGRESSION : Analyzer.OK;
    }

    /** "3:6": the pairs of the first stage, then the planned pairs of the second. */
    static final class TwoStageConverter implements ITypeConverter<TwoStage> {
        @Override
        public TwoStage convert(String value) {
            return TwoStage.parse(value);
        }
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
