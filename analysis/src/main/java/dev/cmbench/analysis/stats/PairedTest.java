package dev.cmbench.analysis.stats;

import java.util.List;
import java.util.OptionalInt;
import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Whether the current side of an A/B run differs from the baseline side, with rounds as the
 * replicates: a paired t-test on d_k = ln(mean of fork k of current / mean of fork k of
 * baseline), where fork k of each side ran in the same round.
 *
 * <p>A shared VM drifts by tens of percent between minutes; two forks that ran in the same round
 * saw the same minutes, so the drift cancels in their ratio and only the change (and the noise
 * within a round) is left. The unpaired {@link ForkTest} has to treat that drift as noise and
 * cannot see a 10 % change under a 40 % drift; this test can. It trusts the pairing: fork k of
 * one file must be the round-k partner of fork k of the other (JMH's rawData keeps forks in the
 * order they ran). Fork values must be in one unit: the caller converts them first.
 *
 * <p>Besides the test, the smallest change it could have detected: at two-sided level alpha and
 * 80 % power, with n pairs whose d_k have standard deviation s_d, a change is detected when
 * |ln(1 + change)| ≥ (t_{1-alpha/2, n-1} + t_{0.8, n-1}) × s_d / √n; the same formula says how
 * many pairs would detect a given change.
 */
public final class PairedTest {

    /** Power at which the detectable change is quoted: a change that size is found 4 times in 5. */
    static final double POWER = 0.8;

    /** Beyond this many pairs the count is not worth printing: the noise swamps the threshold. */
    static final int MOST_PAIRS = 1_000_000;

    private PairedTest() {
    }

    /**
     * Tests the pairs; empty with fewer than two pairs (one pair cannot tell a change from
     * round-to-round noise) or when a fork mean is not positive.
     *
     * @throws IllegalArgumentException when the sides have different fork counts (no pairing)
     */
    static Optional<ForkTest.Result> compare(List<double[]> baseline, List<double[]> current, double alpha) {
        if (baseline.size() != current.size()) {
            throw new IllegalArgumentException(baseline.size() + " vs " + current.size() + " forks cannot be paired");
        }
        int n = baseline.size();
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = ForkTest.logMean(current.get(k)) - ForkTest.logMean(baseline.get(k));
            if (Double.isNaN(d[k])) {
                return Optional.empty();
            }
        }
        if (n < 2) {
            return Optional.empty();
        }
        double se = Math.sqrt(StatUtils.variance(d) / n); // sample variance (n - 1)
        return Optional.of(ForkTest.onLogScale(StatUtils.mean(d), se, n - 1, alpha, n, n));
    }

    /** Standard deviation of the d_k behind a paired result. */
    static double pairSpread(ForkTest.Result paired) {
        return paired.logStandardError() * Math.sqrt(paired.baselineForks());
    }

    /**
     * The smallest slowdown (as a fraction: 0.072 is 7.2 %) that {@code pairs} pairs with spread
     * {@code spread} detect at two-sided level {@code alpha} with 80 % power.
     */
    static double detectableChange(double spread, int pairs, double alpha) {
        double df = pairs - 1;
        return Math.expm1((ForkTest.tQuantile(1 - alpha / 2, df) + ForkTest.tQuantile(POWER, df)) * spread
                / Math.sqrt(pairs));
    }

    /**
     * How many pairs with spread {@code spread} detect a slowdown of {@code change} at level
     * {@code alpha} with 80 % power; empty when no number up to {@link #MOST_PAIRS} does.
     */
    static OptionalInt pairsToDetect(double spread, double change, double alpha) {
        if (spread == 0) {
            return OptionalInt.of(2);
        }
        if (!(change > 0)) {
            return OptionalInt.empty();
        }
        // The normal approximation needs fewer pairs than t does, so it is where the search starts.
        NormalDistribution z = new NormalDistribution();
        double normal = Math.pow((z.inverseCumulativeProbability(1 - alpha / 2) + z.inverseCumulativeProbability(POWER))
                * spread / Math.log1p(change), 2);
        if (normal > MOST_PAIRS) {
            return OptionalInt.empty();
        }
        for (int n = Math.max(2, (int) Math.floor(normal)); n <= MOST_PAIRS; n++) {
            if (detectableChange(spread, n, alpha) <= change) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }
}
