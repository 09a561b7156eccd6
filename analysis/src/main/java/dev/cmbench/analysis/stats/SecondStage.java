package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import java.util.ArrayList;
import java.util.List;
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
     * @param pairsNeeded how many pairs in all would detect {@code plannedChange} 4 times in 5 at
     *                    the combined test's share of the level, from its first-stage spread; empty
     *                    when no practical number would
     */
    public record Undecided(JmhResult.Key key, double plannedChange, OptionalInt pairsNeeded) {
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

    /** The results whose figure is inconclusive in {@code outcome}, a paired comparison of the first stage. */
    public static List<Undecided> undecided(Comparison.Outcome outcome, FamilyVerdicts.Grouping grouping) {
        List<Undecided> undecided = new ArrayList<>();
        for (Comparison.Change c : outcome.changes()) {
            String figure = grouping.headlineMetrics().getOrDefault(c.key().benchmark(), "score");
            if (!c.metric().equals(figure) || c.verdict() != Comparison.Verdict.INCONCLUSIVE || Double.isNaN(c.pValue())) {
                continue;
            }
            double[] d = FamilyVerdicts.logSlowdowns(c.baseline(), c.current());
            double spread = d.length < 2 ? Double.NaN : Math.sqrt(StatUtils.variance(d));
            double alpha = outcome.fdr() * (1 - TwoStage.FIRST_STAGE_SHARE);
            double planned = plannedChange(c);
            OptionalInt needed = Double.isFinite(spread) ? PairedTest.pairsToDetect(spread, planned, alpha)
                    : OptionalInt.empty();
            undecided.add(new Undecided(c.key(), planned, needed));
        }
        return undecided;
    }
}
