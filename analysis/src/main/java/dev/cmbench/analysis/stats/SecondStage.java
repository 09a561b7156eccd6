package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The look between the two stages of a run under a time budget ({@link TwoStage}): which results
 * the first stage left undecided, and how many pairs in all each would need to decide its threshold.
 * Which results go on does not touch the test's level (the combination test holds whatever the look
 * chose); it only decides where the budget's minutes go.
 */
public final class SecondStage {

    /**
     * A result still undecided after the first stage.
     *
     * @param key         the result
     * @param plannedChange the change its pairs are planned to detect: the larger of its threshold
     *                    and the first stage's estimate (as a slowdown or a speed-up)
     * @param spread      the spread of its pairs' log ratios the plan takes (NaN if unknown)
     * @param priorPairs  how many pairs of an earlier run that spread was shrunk towards (0: none)
     * @param pairsNeeded how many pairs in all would detect {@code plannedChange} 4 times in 5 at
     *                    the combined test's share of the level, from its first-stage spread; empty
     *                    when no practical number would
     */
    public record Undecided(JmhResult.Key key, double plannedChange, double spread, int priorPairs,
            OptionalInt pairsNeeded) {
    }

    private SecondStage() {
    }

    /**
     * The change to plan a result's pairs for. A result already estimated well past its threshold
     * needs only enough pairs to show a change of about that size, not one at the threshold: planning
     * for the threshold alone called a first stage at +28 % with a 6 % pair spread hopeless (16 pairs
     * for 5 %), and the run left it undecided. The estimate only steers the budget; the combination
     * test keeps its level whatever the look plans.
     */
    private static double plannedChange(Comparison.Change c) {
        double estimate = Double.isFinite(c.slowdown()) && c.slowdown() > 0 ? Math.expm1(Math.abs(Math.log(c.slowdown()))) : 0;
        return Math.max(c.threshold(), estimate);
    }

    /**
     * The results whose figure is inconclusive in {@code outcome}, a paired comparison of the first
     * stage, each with the pairs it would need from its first-stage spread, shrunk towards its
     * spread in {@code prior} where that has the result: the two variances pooled, each weighted
     * by its degrees of freedom. Three pairs say little of a spread; on the gate's budget runs
     * here, the spread so shrunk towards an earlier run's predicted a result's later pairs better
     * than the three alone (analysis/README.md).
     *
     * @param prior an earlier paired comparison's pair log ratios by result ({@link #pairs}), or empty
     */
    public static List<Undecided> undecided(Comparison.Outcome outcome, FamilyVerdicts.Grouping grouping,
            Map<JmhResult.Key, double[]> prior) {
        List<Undecided> undecided = new ArrayList<>();
        for (Comparison.Change c : figures(outcome, grouping)) {
            if (c.verdict() != Comparison.Verdict.INCONCLUSIVE || Double.isNaN(c.pValue())) {
                continue;
            }
            double[] d = FamilyVerdicts.logSlowdowns(c.baseline(), c.current());
            double[] earlier = prior.getOrDefault(c.key(), new double[0]);
            double spread = Double.NaN;
            int priorPairs = 0;
            if (d.length >= 2 && earlier.length >= 2 && Arrays.stream(earlier).allMatch(Double::isFinite)) {
                priorPairs = earlier.length;
                spread = Math.sqrt(((d.length - 1) * StatUtils.variance(d) + (earlier.length - 1) * StatUtils.variance(earlier))
                        / (d.length + earlier.length - 2));
            } else if (d.length >= 2) {
                spread = Math.sqrt(StatUtils.variance(d));
            }
            double alpha = outcome.fdr() * (1 - TwoStage.FIRST_STAGE_SHARE);
            double planned = plannedChange(c);
            OptionalInt needed = Double.isFinite(spread) ? PairedTest.pairsToDetect(spread, planned, alpha)
                    : OptionalInt.empty();
            undecided.add(new Undecided(c.key(), planned, spread, priorPairs, needed));
        }
        return undecided;
    }

    /** Each tested result's figure in a paired comparison: its pairs' log ratios (positive: slower). */
    public static Map<JmhResult.Key, double[]> pairs(Comparison.Outcome outcome, FamilyVerdicts.Grouping grouping) {
        Map<JmhResult.Key, double[]> pairs = new HashMap<>();
        for (Comparison.Change c : figures(outcome, grouping)) {
            if (c.baseline() != null && c.current() != null) {
                pairs.put(c.key(), FamilyVerdicts.logSlowdowns(c.baseline(), c.current()));
            }
        }
        return pairs;
    }

    private static List<Comparison.Change> figures(Comparison.Outcome outcome, FamilyVerdicts.Grouping grouping) {
        return outcome.changes().stream()
                .filter(c -> c.metric().equals(grouping.headlineMetrics().getOrDefault(c.key().benchmark(), "score")))
                .toList();
    }
}
