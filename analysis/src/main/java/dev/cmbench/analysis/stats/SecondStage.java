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
     * @param pairsNeeded how many pairs in all would detect its threshold 4 times in 5 at the
     *                    combined test's share of the level, from its first-stage spread; empty
     *                    when no practical number would
     */
    public record Undecided(JmhResult.Key key, OptionalInt pairsNeeded) {
    }

    private SecondStage() {
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
            OptionalInt needed = Double.isFinite(spread) ? PairedTest.pairsToDetect(spread, c.threshold(), alpha)
                    : OptionalInt.empty();
            undecided.add(new Undecided(c.key(), needed));
        }
        return undecided;
    }
}
