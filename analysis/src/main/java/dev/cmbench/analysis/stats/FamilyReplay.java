package dev.cmbench.analysis.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.StatUtils;

/**
 * How often the family verdicts flag something when nothing changed: recorded pairs replayed
 * through {@link FamilyVerdicts#decide} many times, each time the rounds drawn again with
 * replacement. One draw of round indices serves every result with that many pairs, so what a
 * round did to several configurations stays together (the independence the family test assumes is
 * put to the test, not granted). Or, {@link Draw#SWAP}, every pair kept and its sides swapped at
 * random. Each replay also runs every result's own paired test (Benjamini–Hochberg over the
 * results, past the threshold), so the rate of the whole gate's false alarms is there too.
 *
 * <p>Pairs of an A/A run are replayed as they are. Pairs of an A/B run can be replayed centred:
 * each result's mean log ratio taken out and the rest scaled by √(n / (n − 1)) to keep its
 * variance, a null with the run's own spreads. Few pairs make a crude bootstrap: a draw that
 * repeats one pair n times has no spread, so the family rate it gives errs high rather than low
 * (a result with such a draw counts as untested in its own test).
 */
public final class FamilyReplay {

    /**
     * @param times        how many replays
     * @param flagged      in how many a family line or the run's was slower or faster
     * @param slower       in how many one was slower (what fails the gate)
     * @param byFamily     per line, in how many it was flagged
     * @param results      in how many a result was slower or faster by its own paired test
     *                     (Benjamini–Hochberg over the results, past the threshold)
     * @param anything     in how many a result or a line was flagged: the whole gate's false alarms
     */
    public record Rate(int times, int flagged, int slower, Map<String, Integer> byFamily, int results, int anything) {

        public double falseAlarms() {
            return (double) flagged / times;
        }
    }

    private FamilyReplay() {
    }

    /** How a replay draws pairs again. */
    public enum Draw {
        /** The rounds drawn with replacement, one draw for every result with as many pairs. */
        RESAMPLE,
        /**
         * Every pair kept, its two sides swapped at random (its log ratio's sign flipped): the
         * labels of an A/A pair are exchangeable, so this null is exact for an A/A run, and no
         * draw repeats one pair throughout.
         */
        SWAP
    }

    /** Replays {@code ratios} {@code times} times from {@code seed}; centred, around each result's own mean. */
    public static Rate replay(List<FamilyVerdicts.PairRatios> ratios, double fdr, int times, long seed,
            boolean centred, Draw how) {
        return replay(ratios, fdr, times, seed, centred, how, null);
    }

    /**
     * As {@link #replay(List, double, int, long, boolean, Draw)}; with {@code twoStage}, through the
     * two-stage test of a run under a budget (each result's pairs in their order, the first k₁ its first stage).
     */
    public static Rate replay(List<FamilyVerdicts.PairRatios> ratios, double fdr, int times, long seed,
            boolean centred, Draw how, TwoStage twoStage) {
        List<FamilyVerdicts.PairRatios> source = centred ? ratios.stream().map(FamilyReplay::centred).toList() : ratios;
        int most = source.stream().mapToInt(r -> r.logSlowdowns().length).max().orElse(0);
        if (most == 0) {
            return new Rate(times, 0, 0, Map.of(), 0, 0); // nothing paired: nothing to flag
        }
        SplittableRandom random = new SplittableRandom(seed);
        int flagged = 0;
        int slower = 0;
        int results = 0;
        int anything = 0;
        Map<String, Integer> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < times; i++) {
            int[] rounds = random.ints(most, 0, most).toArray();
            List<FamilyVerdicts.PairRatios> drawn = new ArrayList<>();
            for (FamilyVerdicts.PairRatios r : source) {
                int n = r.logSlowdowns().length;
                int[] own = n == most ? rounds : random.ints(n, 0, n).toArray();
                double[] d = new double[n];
                for (int k = 0; k < n; k++) {
                    d[k] = how == Draw.SWAP ? (random.nextBoolean() ? 1 : -1) * r.logSlowdowns()[k]
                            : r.logSlowdowns()[own[k]];
                }
                drawn.add(new FamilyVerdicts.PairRatios(r.family(), r.key(), d, r.threshold()));
            }
            boolean any = false;
            boolean anySlower = false;
            for (FamilyVerdicts.Family f : FamilyVerdicts.decide(drawn, fdr, twoStage)) {
                boolean flags = f.verdict() == Comparison.Verdict.SLOWER || f.verdict() == Comparison.Verdict.FASTER;
                if (flags) {
                    byFamily.merge(f.name(), 1, Integer::sum);
                }
                any |= flags;
                anySlower |= f.blocks();
            }
            boolean anyResult = anyResultFlagged(drawn, fdr, twoStage);
            flagged += any ? 1 : 0;
            slower += anySlower ? 1 : 0;
            results += anyResult ? 1 : 0;
            anything += any || anyResult ? 1 : 0;
        }
        return new Rate(times, flagged, slower, byFamily, results, anything);
    }

    /**
     * Whether a result's own paired test flags it, as {@link Comparison} decides: significant after
     * Benjamini–Hochberg at {@code fdr} and its estimate past the threshold either way.
     */
    static boolean anyResultFlagged(List<FamilyVerdicts.PairRatios> drawn, double fdr, TwoStage twoStage) {
        double[] p = new double[drawn.size()];
        for (int j = 0; j < p.length; j++) {
            double[] d = drawn.get(j).logSlowdowns();
            double se = Math.sqrt(StatUtils.variance(d) / d.length);
            // A draw that repeats one pair throughout has no spread: untested here, not p = 0.
            p[j] = se == 0 ? 1 : twoStage != null ? twoStage.pValue(d)
                    : ForkTest.onLogScale(StatUtils.mean(d), se, d.length - 1, fdr, d.length, d.length).pValue();
        }
        double[] q = ForkTest.benjaminiHochberg(p);
        for (int j = 0; j < q.length; j++) {
            double estimate = Math.abs(StatUtils.mean(drawn.get(j).logSlowdowns()));
            if (q[j] <= fdr && estimate > Math.log1p(drawn.get(j).threshold())) {
                return true;
            }
        }
        return false;
    }

    private static FamilyVerdicts.PairRatios centred(FamilyVerdicts.PairRatios r) {
        double[] d = r.logSlowdowns();
        double mean = StatUtils.mean(d);
        double scale = Math.sqrt((double) d.length / (d.length - 1));
        double[] c = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            c[k] = (d[k] - mean) * scale;
        }
        return new FamilyVerdicts.PairRatios(r.family(), r.key(), c, r.threshold());
    }
}
