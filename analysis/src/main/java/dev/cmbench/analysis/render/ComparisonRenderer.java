package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.Comparison;
import dev.cmbench.analysis.stats.FamilyReplay;
import dev.cmbench.analysis.stats.FamilyVerdicts;
import dev.cmbench.analysis.stats.TwoStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The gate's output: which test and which intervals, a Markdown table of changes, worst first,
 * then one verdict line.
 */
public final class ComparisonRenderer {

    private ComparisonRenderer() {
    }

    public static String render(String baseline, String current, Comparison.Outcome outcome, List<String> envWarnings) {
        StringBuilder md = new StringBuilder("## cmbench compare\n\n");
        md.append("Baseline `").append(baseline.replace('`', '\'')).append("` → current `")
                .append(current.replace('`', '\'')).append("`.\n\n");
        md.append(method(outcome)).append("\n\n");
        if (!envWarnings.isEmpty()) {
            md.append("> ⚠ **The environments differ; these numbers may not be comparable:**\n");
            envWarnings.forEach(w -> md.append("> - ").append(MarkdownRenderer.escape(w)).append('\n'));
            md.append('\n');
        }
        List<List<String>> rows = new ArrayList<>();
        for (Comparison.Change c : outcome.changes()) {
            List<String> row = new ArrayList<>(List.of(c.verdict().word, c.key().toString(), c.metric(),
                    score(c.baseline(), c), score(c.current(), c), change(c.scoreRatio()), interval(c.interval()),
                    Double.isNaN(c.qValue()) ? "" : qValue(c.qValue())));
            if (outcome.paired()) {
                row.add(Double.isFinite(c.detectable())
                        ? String.format(Locale.ROOT, "≥ %.1f%%", c.detectable() * 100) : "");
            }
            row.add(c.note());
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("verdict", "result", "metric", "baseline", "current", "change",
                "interval", "q"));
        if (outcome.paired()) {
            header.add("detects");
        }
        header.add("note");
        MarkdownRenderer.table(md, header, rows, false);
        if (!outcome.families().isEmpty()) {
            families(md, outcome);
        } else if (!outcome.familyGeometricMeans().isEmpty()) {
            md.append("Per family, geometric mean of time ratios (current / baseline; above 1 is slower):\n\n");
            outcome.familyGeometricMeans().forEach((family, mean) -> md.append("- ")
                    .append(MarkdownRenderer.escape(family)).append(": ×").append(String.format(Locale.ROOT, "%.3f", mean[0]))
                    .append(" over ").append((int) mean[1]).append(" results\n"));
            md.append('\n');
        }
        md.append(verdictLine(outcome)).append('\n');
        toDecide(md, outcome);
        return md.toString();
    }

    /** A line per family and one for the run: the pooled pairs' slowdown against the threshold. */
    private static void families(StringBuilder md, Comparison.Outcome outcome) {
        FamilyVerdicts.Family first = outcome.families().getFirst();
        md.append("Per family and for the run: the mean of its results' mean log ratios per pair (each result weighs"
                + " the same), a t-test on it (Welch–Satterthwaite), each line at level ")
                .append(level(first.alpha())).append(" (q divided among the families and the run's line, Bonferroni;"
                        + " with one family the run's line is the same test); a family found slower fails the gate:\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (FamilyVerdicts.Family f : outcome.families()) {
            // In capitals, as the run's verdict: a family's line is not read as a result's.
            rows.add(List.of(f.verdict().word.toUpperCase(Locale.ROOT), f.name(), change(f.slowdown()),
                    interval(f.interval()), Double.isNaN(f.pValue()) ? "" : qValue(f.pValue()), f.note()));
        }
        MarkdownRenderer.table(md, List.of("verdict", "family", "slowdown", "interval", "p", "note"), rows, false);
    }

    /** The replay's false-alarm rate, per line where it flagged. */
    public static String replay(FamilyReplay.Rate rate, boolean centred, FamilyReplay.Draw how) {
        StringBuilder md = new StringBuilder("Replay: the pairs above" + (centred ? ", each result's mean log ratio"
                + " taken out," : "") + (how == FamilyReplay.Draw.SWAP ? " each with its sides swapped at random"
                : " drawn again by rounds with replacement") + ", " + rate.times()
                + " times through the family verdicts: a family line or the run's flagged a change in "
                + rate.flagged() + " (" + String.format(Locale.ROOT, "%.1f %%", 100 * rate.falseAlarms())
                + "), a slower one in " + rate.slower());
        rate.byFamily().forEach((family, n) -> md.append("; ").append(MarkdownRenderer.escape(family)).append(' ')
                .append(n));
        return md.append(". A result's own test flagged one in ").append(rate.results()).append("; anything at all")
                .append(" was flagged in ").append(rate.anything()).append(" (")
                .append(String.format(Locale.ROOT, "%.1f %%", 100.0 * rate.anything() / rate.times())).append(").")
                .toString();
    }

    /** What would decide each result or family that kept the run from PASS. */
    private static void toDecide(StringBuilder md, Comparison.Outcome outcome) {
        if (outcome.verdict() != Comparison.RunVerdict.UNKNOWN) {
            return;
        }
        md.append("\nWhat would decide it:\n\n");
        outcome.families().stream().filter(FamilyVerdicts.Family::undecided).forEach(f -> md.append("- family ")
                .append(MarkdownRenderer.escape(f.name())).append(' ').append(change(f.slowdown())).append(": ")
                .append(f.note()).append('\n'));
        outcome.undecided().forEach(c -> md.append("- ").append(MarkdownRenderer.escape(c.key().toString()))
                .append(c.metric().equals("score") ? "" : " " + c.metric()).append(' ').append(change(c.scoreRatio()))
                .append(": ").append(c.note()).append('\n'));
    }

    /** The header line: which test, what "change" is, and the level of each interval. */
    static String method(Comparison.Outcome outcome) {
        String test = outcome.paired()
                ? "Paired: fork k of each result against the current run's fork k of the same round, a paired t-test"
                        + " on the log ratios of fork means"
                        + (outcome.twoStage() == null ? "" : twoStage(outcome.twoStage()))
                : "Unpaired: Welch's t-test on the log fork means";
        String intervals = outcome.significant() == 0
                ? "intervals at " + level(1 - outcome.fdr()) + " (none significant)"
                : "intervals beside the " + outcome.significant() + " of " + outcome.tested() + " results significant at"
                        + " FDR q = " + level(outcome.fdr()) + " are false-coverage-rate adjusted, at 1 − R·q/m = "
                        + level(outcome.selectedLevel()) + " (Benjamini–Yekutieli 2005); the others at "
                        + level(1 - outcome.fdr());
        String detects = outcome.paired()
                ? "; detects = the smallest slowdown these pairs find 4 times in 5 (80 % power) at the result's"
                        + " Benjamini–Hochberg level" : "";
        return test + " (Benjamini–Hochberg over all results); change = geometric mean ratio of fork means, current /"
                + " baseline, in one unit; " + intervals + detects + ".";
    }

    /** How a budgeted run's p-values were made, for the header line. */
    private static String twoStage(TwoStage stages) {
        int share = (int) Math.round(TwoStage.FIRST_STAGE_SHARE * 100);
        return ", in two stages under a time budget: the first " + stages.firstStagePairs() + " pairs of every"
                + " result, then more pairs where still undecided; each stage tested on its own pairs and the two"
                + " combined by the inverse normal method, weights fixed by the plan (" + stages.firstStagePairs()
                + " and " + stages.plannedSecondStagePairs() + " pairs); p = the smaller of the first stage's p ÷ "
                + share / 100.0 + " and the combination's ÷ " + (100 - share) / 100.0 + ", so the look costs no"
                + " false alarms; estimates and intervals from all pairs, as without a look";
    }

    private static String level(double fraction) {
        return String.format(Locale.ROOT, "%.4g", fraction * 100).replaceAll("\\.?0+$", "") + " %";
    }

    static String verdictLine(Comparison.Outcome outcome) {
        List<Comparison.Change> blocking = outcome.changes().stream().filter(Comparison.Change::blocks).toList();
        String counts = Arrays.stream(Comparison.Verdict.values()).filter(v -> outcome.count(v) > 0)
                .map(v -> outcome.count(v) + " " + v.word).collect(Collectors.joining(", "));
        List<String> slowerFamilies = outcome.families().stream().filter(FamilyVerdicts.Family::blocks)
                .map(f -> "family " + MarkdownRenderer.escape(f.name()) + " " + change(f.slowdown()) + " "
                        + interval(f.interval()))
                .toList();
        return switch (outcome.verdict()) {
            case PASS -> "**Verdict: PASS** (" + counts + ")";
            case UNKNOWN -> "**Verdict: UNKNOWN** (" + counts + "): " + outcome.undecided().size()
                    + " result" + (outcome.undecided().size() == 1 ? "" : "s")
                    + undecidedFamilies(outcome) + " past the threshold could not be decided; not a pass";
            case FAIL -> "**Verdict: FAIL** (" + counts + "): " + Stream.concat(slowerFamilies.stream(),
                    blocking.stream().map(c -> MarkdownRenderer.escape(c.key().toString())
                            + (c.metric().equals("score") ? "" : " " + c.metric()) + " "
                            + (c.verdict() == Comparison.Verdict.FAILED ? "failed" : change(c.scoreRatio()))))
                    .collect(Collectors.joining("; "));
        };
    }

    private static String undecidedFamilies(Comparison.Outcome outcome) {
        long families = outcome.families().stream().filter(FamilyVerdicts.Family::undecided).count();
        return families == 0 ? "" : " and " + families + " famil" + (families == 1 ? "y" : "ies");
    }

    /** A side's score ± JMH's error, in the one unit both sides of the row share where they have one. */
    private static String score(Metric m, Comparison.Change row) {
        if (m == null) {
            return "—";
        }
        List<Metric> sides = Stream.of(row.baseline(), row.current()).filter(Objects::nonNull)
                .filter(Metric::scoreIsFinite).toList();
        ScoreUnit.Shown unit = sides.size() == 2 && m.scoreIsFinite() ? Cells.shown(sides) : null;
        return unit == null ? m.unit().format(m.score(), m.error()) : m.unit().format(m.score(), m.error(), unit);
    }

    private static String change(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100) : "";
    }

    private static String interval(double[] interval) {
        return interval == null ? "" : change(interval[0]) + " … " + change(interval[1]);
    }

    private static String qValue(double q) {
        return q < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", q);
    }
}
