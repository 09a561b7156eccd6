package dev.cmbench.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForkBootstrapTest {

    @Test
    void benjaminiHochbergMatchesTheTextbookExample() {
        // Benjamini & Hochberg (1995) style: q_(i) = min over j >= i of p_(j) * m / j
        double[] p = {0.01, 0.04, 0.03, 0.005};
        double[] q = ForkBootstrap.benjaminiHochberg(p);
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02}, q, 1e-12);
    }

    @Test
    void aClearShiftIsSignificantAndItsIntervalHoldsTheTrueRatio() {
        List<double[]> base = forks(4, 10, 100, 2, 1);
        List<double[]> slower = forks(4, 10, 120, 2, 2);
        ForkBootstrap.Distribution d = ForkBootstrap.ratioOfMeans(base, slower, 5_000, 3);
        assertTrue(d.pValue() < 0.001, "p = " + d.pValue());
        double[] interval = d.interval(0.05);
        assertTrue(interval[0] < 1.2 && 1.2 < interval[1], interval[0] + " … " + interval[1]);
    }

    @Test
    void forkToForkVarianceWidensTheInterval() {
        // The same iteration noise, but forks that settle at different levels (as JVMs do):
        List<double[]> steady = forks(4, 10, 100, 1, 5);
        List<double[]> jittery = new ArrayList<>();
        double[] levels = {90, 110, 95, 105};
        for (int f = 0; f < 4; f++) {
            jittery.add(forks(1, 10, levels[f], 1, 10 + f).get(0));
        }
        double steadyWidth = width(ForkBootstrap.ratioOfMeans(steady, steady, 5_000, 1));
        double jitteryWidth = width(ForkBootstrap.ratioOfMeans(jittery, jittery, 5_000, 1));
        assertTrue(jitteryWidth > 5 * steadyWidth, steadyWidth + " vs " + jitteryWidth);
    }

    @Test
    void noChangeIsNotSignificant() {
        List<double[]> same = forks(3, 10, 100, 3, 4);
        ForkBootstrap.Distribution d = ForkBootstrap.ratioOfMeans(same, same, 5_000, 9);
        assertEquals(1.0, d.ratio(), 1e-12);
        assertTrue(d.pValue() > 0.5, "p = " + d.pValue());
    }

    private static double width(ForkBootstrap.Distribution d) {
        double[] i = d.interval(0.05);
        return i[1] - i[0];
    }

    private static List<double[]> forks(int forks, int iterations, double mean, double sd, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            double[] values = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                values[i] = mean + sd * gaussian(random);
            }
            out.add(values);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
