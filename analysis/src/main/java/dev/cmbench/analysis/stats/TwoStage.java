package dev.cmbench.analysis.stats;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The test of an A/B run under a time budget: a first stage of {@code firstStagePairs} pairs of
 * every configuration, a look at them, then more pairs for the configurations still undecided.
 * Re-testing all pairs after the look would raise the false alarms (the look chose which
 * configurations go on, from the same data); this test keeps its level whatever the look decided.
 *
 * <p>Each stage is tested on its own pairs (a paired t-test, or for a family the pooled test of
 * {@link FamilyVerdicts}), and its two-sided p-value turned into a signed normal score z = sign ×
 * Φ⁻¹(1 − p/2): N(0, 1) under "no change", whatever the pair count. The stages are combined by the
 * inverse normal method (Lehmacher and Wassmer, Biometrics 1999) with weights fixed before the run,
 * from the planned pair counts: Z = √(k₁/(k₁+k₂))·z₁ + √(k₂/(k₁+k₂))·z₂. The second stage's pairs
 * are new data, so z₂ is N(0, 1) under "no change" however many pairs the look gave it, and Z is
 * N(0, 1) too. The level is split between the two looks (Bonferroni): a share
 * {@link #FIRST_STAGE_SHARE} for a decision on the first stage alone, the rest for the combined
 * test, and the p-value reported is min(1, p₁ / 0.2, p_Z / 0.8), which under "no change" is at most
 * t with probability at most t. It goes into Benjamini–Hochberg like any other. A result that got
 * no second stage (decided at the look, or left out by the budget) has only its first term.
 *
 * <p>The estimate and interval shown are those of all its pairs, as without a look; after an
 * adaptive stop they are approximate (the pair count depended on the first stage), the p-value is not.
 *
 * @param firstStagePairs         k₁, the pairs every configuration gets before the look
 * @param plannedSecondStagePairs k₂, the pairs planned for a configuration that goes on: it fixes the weights
 */
public record TwoStage(int firstStagePairs, int plannedSecondStagePairs) {

    /** The share of the level spent on a decision at the look. */
    public static final double FIRST_STAGE_SHARE = 0.2;

    private static final NormalDistribution NORMAL = new NormalDistribution();

    public TwoStage {
        if (firstStagePairs < 2 || plannedSecondStagePairs < 2) {
            throw new IllegalArgumentException("a two-stage test needs 2 pairs or more in each stage, not "
                    + firstStagePairs + ":" + plannedSecondStagePairs);
        }
    }

    /** {@code 3:6}: the first stage's pairs, then the second's planned pairs. */
    public static TwoStage parse(String text) {
        String[] parts = text.strip().split(":");
        try {
            if (parts.length == 2) {
                return new TwoStage(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not FIRST:SECOND, the pairs of the two stages, such as 3:6");
    }

    /** The test of one stage: its two-sided p-value and the sign of its estimate. */
    record StageTest(double pValue, double sign) {

        /** The signed normal score of the stage. */
        double z() {
            double p = Math.max(pValue, Double.MIN_NORMAL);
            return p >= 1 ? 0 : sign * NORMAL.inverseCumulativeProbability(1 - p / 2);
        }
    }

    /** The two-stage p-value of one result's log ratios, in pair order (the first k₁ are its first stage). */
    double pValue(double[] logRatios) {
        return pValue(List.of(logRatios), TwoStage::pairedStage);
    }

    /**
     * The two-stage p-value of a family: each member's log ratios in pair order, each stage tested
     * by {@code stageTest} on the members that have pairs in it (2 or more).
     */
    double pValue(List<double[]> members, Function<List<double[]>, StageTest> stageTest) {
        List<double[]> first = members.stream().map(d -> Arrays.copyOf(d, Math.min(d.length, firstStagePairs)))
                .filter(d -> d.length >= 2).toList();
        List<double[]> second = members.stream().filter(d -> d.length >= firstStagePairs + 2)
                .map(d -> Arrays.copyOfRange(d, firstStagePairs, d.length)).toList();
        if (first.isEmpty()) {
            return 1;
        }
        StageTest one = stageTest.apply(first);
        double p = one.pValue() / FIRST_STAGE_SHARE;
        if (!second.isEmpty()) {
            StageTest two = stageTest.apply(second);
            double total = firstStagePairs + plannedSecondStagePairs;
            double z = Math.sqrt(firstStagePairs / total) * one.z() + Math.sqrt(plannedSecondStagePairs / total) * two.z();
            double combined = 2 * NORMAL.cumulativeProbability(-Math.abs(z));
            p = Math.min(p, combined / (1 - FIRST_STAGE_SHARE));
        }
        return Math.min(1, p);
    }

    /** A paired t-test on one result's log ratios of one stage: {@link ForkTest#onLogScale}'s, as every paired result's. */
    private static StageTest pairedStage(List<double[]> single) {
        double[] d = single.getFirst();
        double mean = StatUtils.mean(d);
        double se = Math.sqrt(StatUtils.variance(d) / d.length);
        return new StageTest(ForkTest.onLogScale(mean, se, d.length - 1, 1, d.length, d.length).pValue(),
                Math.signum(mean));
    }

    /** {@code 3:6}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return firstStagePairs + ":" + plannedSecondStagePairs;
    }
}
