package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForkTestTest {

    @Test
    void benjaminiHochbergMatchesTheDefinition() {
        // q_(i) = min over j >= i of p_(j) * m / j
        double[] p = {0.01, 0.04, 0.03, 0.005};
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02}, ForkTest.benjaminiHochberg(p), 1e-12);
    }

    @Test
    void welchMatchesAHandComputedExample() {
        // fork means 100, 110 vs 120, 130: on the log scale a textbook Welch test
        ForkTest.Result r = ForkTest.compare(List.of(new double[] {100}, new double[] {110}),
                List.of(new double[] {120}, new double[] {130}), 0.05).orElseThrow();
        double b1 = Math.log(100);
        double b2 = Math.log(110);
        double c1 = Math.log(120);
        double c2 = Math.log(130);
        double diff = (c1 + c2) / 2 - (b1 + b2) / 2;
        double se = Math.sqrt(Math.pow(b1 - b2, 2) / 2 / 2 + Math.pow(c1 - c2, 2) / 2 / 2);
        double df = Math.pow(se * se, 2) / (Math.pow(Math.pow(b1 - b2, 2) / 4, 2) + Math.pow(Math.pow(c1 - c2, 2) / 4, 2));
        var t = new org.apache.commons.math3.distribution.TDistribution(df);
        assertEquals(Math.exp(diff), r.ratio(), 1e-12);
        assertEquals(2 * t.cumulativeProbability(-diff / se), r.pValue(), 1e-12);
    }

    @Test
    void aClearShiftAcrossForksIsSignificantAndItsIntervalHoldsTheTrueRatio() {
        ForkTest.Result r = ForkTest.compare(forks(5, 10, 100, 2, 1), forks(5, 10, 120, 2, 2), 0.05).orElseThrow();
        assertTrue(r.pValue() < 0.001, "p = " + r.pValue());
        assertTrue(r.interval()[0] < 1.2 && 1.2 < r.interval()[1], r.interval()[0] + " … " + r.interval()[1]);
    }

    /** The A/A that fooled an iteration-level test: steady forks, but each run at its own level. */
    @Test
    void runsWhoseForksAgreeButWhoseLevelsDifferAreNotCalledSignificantWithTwoForks() {
        List<double[]> a = List.of(new double[] {32.6, 36.2, 32.3, 30.7, 35.4}, new double[] {30.4, 27.4, 27.0, 27.3, 26.4});
        List<double[]> b = List.of(new double[] {37.0, 46.7, 40.6, 42.3, 53.4}, new double[] {51.2, 53.9, 64.9, 60.7, 52.7});
        ForkTest.Result r = ForkTest.compare(a, b, 0.05).orElseThrow();
        assertTrue(r.pValue() > 0.05, "p = " + r.pValue());
        assertTrue(r.interval()[0] < 1, "the interval must reach no change: " + r.interval()[0]);
    }

    @Test
    void forkToForkVarianceWidensTheInterval() {
        List<double[]> steady = forks(4, 10, 100, 1, 5);
        List<double[]> jittery = new ArrayList<>();
        double[] levels = {90, 110, 95, 105};
        for (int f = 0; f < 4; f++) {
            jittery.add(forks(1, 10, levels[f], 1, 10 + f).get(0));
        }
        double steadyWidth = width(ForkTest.compare(steady, forks(4, 10, 100, 1, 6), 0.05).orElseThrow());
        double jitteryWidth = width(ForkTest.compare(jittery, forks(4, 10, 100, 1, 6), 0.05).orElseThrow());
        assertTrue(jitteryWidth > 5 * steadyWidth, steadyWidth + " vs " + jitteryWidth);
    }

    @Test
    void noChangeIsNotSignificantAndIdenticalRunsAreExactlyUnchanged() {
        List<double[]> same = forks(3, 10, 100, 3, 4);
        ForkTest.Result r = ForkTest.compare(same, same, 0.05).orElseThrow();
        assertEquals(1.0, r.ratio(), 1e-12);
        assertEquals(1.0, r.pValue(), 1e-12);
    }

    @Test
    void oneForkCannotBeTested() {
        assertTrue(ForkTest.compare(forks(1, 10, 100, 1, 1), forks(3, 10, 100, 1, 2), 0.05).isEmpty());
        assertTrue(ForkTest.compare(List.of(new double[] {0}, new double[] {0}), forks(2, 3, 1, 0.1, 2), 0.05).isEmpty());
    }

    private static double width(ForkTest.Result r) {
        return r.interval()[1] - r.interval()[0];
    }

    private static List<double[]> forks(int forks, int iterations, double mean, double sd, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            double[] values = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                values[i] = mean + sd * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                        * Math.cos(2 * Math.PI * random.nextDouble());
            }
            out.add(values);
        }
        return out;
    }
}
