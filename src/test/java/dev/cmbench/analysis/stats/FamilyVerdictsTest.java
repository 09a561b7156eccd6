package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.analysis.read.CompareConfig;
import dev.cmbench.analysis.read.ResultSet;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Family verdicts: the pooled pairs of a family's results, a line each and one for the run. */
class FamilyVerdictsTest {

    private static final int CONFIGURATIONS = 12;
    private static final int PAIRS = 3;
    /** A pair's log ratio varies by about this much (uniform, ±): the 4-5 % floor of a pair on this VM. */
    private static final double PAIR_NOISE = 0.07;

    @TempDir
    Path dir;

    /**
     * A kernel 8 % slower in every configuration: three pairs each cannot tell it from a pair's noise
     * under Benjamini–Hochberg over twelve, but the family's 36 pairs can, and the family fails the gate.
     */
    @Test
    void aSlowdownSharedByAFamilyFailsTheGateThroughItsFamilyLine() {
        Path a = Fixtures.write(dir, "a.json", side(1.0, 1, 0));
        Path b = Fixtures.write(dir, "b.json", side(1.08, 1, PAIR_NOISE));

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());

        assertEquals(Analyzer.REGRESSION, run.exitCode(), run.out());
        assertTrue(ReportTest.count(run.out(), "| slower |") < CONFIGURATIONS / 2, "few results alone: " + run.out());
        assertTrue(run.out().contains("| SLOWER | JMHSample\\_02\\_BenchmarkModes · avgt |"), run.out());
        String verdict = run.out().lines().filter(l -> l.startsWith("**Verdict")).findFirst().orElseThrow();
        assertTrue(verdict.startsWith("**Verdict: FAIL**") && verdict.contains("family JMHSample\\_02\\_BenchmarkModes"
                + " · avgt +"), verdict);
    }

    /**
     * Under a time budget the same 8 % reaches the family line at the look, on the first stage's
     * three pairs alone, though the look's test has only a fifth of the level ({@link TwoStage}).
     */
    @Test
    void aSlowdownSharedByAFamilyFailsWithinTheFirstStageOfATwoStageRun() {
        Path a = Fixtures.write(dir, "a.json", side(1.0, 1, 0));
        Path b = Fixtures.write(dir, "b.json", side(1.08, 1, PAIR_NOISE));

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", "--two-stage", "3:6", a.toString(), b.toString());

        assertEquals(Analyzer.REGRESSION, run.exitCode(), run.out());
        assertTrue(run.out().contains("| SLOWER | JMHSample\\_02\\_BenchmarkModes · avgt |"), run.out());
        assertTrue(run.out().contains("in two stages under a time budget"), run.out());
    }

    @Test
    void unchangedPairsWithTheSameNoiseLeaveEveryFamilyUnchangedAndPass() {
        Path a = Fixtures.write(dir, "a.json", side(1.0, 1, 0));
        Path b = Fixtures.write(dir, "b.json", side(1.0, 1, PAIR_NOISE));

        Fixtures.Run run = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());

        assertEquals(Analyzer.OK, run.exitCode(), run.out());
        assertTrue(run.out().contains("| UNCHANGED | the run |"), run.out());
        assertFalse(run.out().contains("| SLOWER |") || run.out().contains("| FASTER |"), run.out());
    }

    /**
     * A compute kernel 8 % slower moves the cpu batches, not the io ones: pooled over the class the
     * change reads about 4 %, within the threshold; split by workload, the cpu family fails.
     */
    @Test
    void aParameterThatSplitsAClassIntoFamiliesKeepsUnaffectedConfigurationsFromDilutingAChange() {
        Path a = Fixtures.write(dir, "a.json", side(1.0, 1.0, 1, 0));
        Path b = Fixtures.write(dir, "b.json", side(1.08, 1.0, 1, PAIR_NOISE));

        Fixtures.Run byClass = Fixtures.analyzer("compare", "--paired", a.toString(), b.toString());
        Fixtures.Run byWorkload = Fixtures.analyzer("compare", "--paired", "--family-by", "workload", a.toString(),
                b.toString());

        assertFalse(byClass.out().contains("| SLOWER |"), byClass.out());
        assertEquals(Analyzer.REGRESSION, byWorkload.exitCode(), byWorkload.out());
        assertTrue(byWorkload.out().contains("| SLOWER | JMHSample\\_02\\_BenchmarkModes · avgt · workload=cpu |"),
                byWorkload.out());
        assertFalse(byWorkload.out().contains("| SLOWER | JMHSample\\_02\\_BenchmarkModes · avgt · workload=io |"),
                byWorkload.out());
    }

    @Test
    void aFamilyFoundFasterDoesNotFail() throws Exception {
        ResultSet a = ResultSet.read(Fixtures.write(dir, "a.json", side(1.0, 1, 0)));
        ResultSet b = ResultSet.read(Fixtures.write(dir, "b.json", side(0.9, 1, 0.01)));

        Comparison.Outcome outcome = Comparison.compare(a, b, CompareConfig.defaults(), true);

        assertEquals(Comparison.Verdict.FASTER, outcome.families().getFirst().verdict());
        assertEquals(Comparison.RunVerdict.PASS, outcome.verdict());
    }

    /** A null replayed flags rarely; a real slowdown replayed flags nearly always, unless centred away. */
    @Test
    void aReplayCountsFalseAlarmsOnUnchangedPairsAndCentringMakesAnyPairsANull() throws Exception {
        ResultSet a = ResultSet.read(Fixtures.write(dir, "a.json", side(1.0, 1, 0)));
        ResultSet same = ResultSet.read(Fixtures.write(dir, "same.json", side(1.0, 2, PAIR_NOISE)));
        ResultSet slower = ResultSet.read(Fixtures.write(dir, "slower.json", side(1.12, 3, PAIR_NOISE)));
        List<FamilyVerdicts.PairRatios> unchanged = ratios(a, same);
        List<FamilyVerdicts.PairRatios> slowed = ratios(a, slower);

        FamilyReplay.Rate aa = FamilyReplay.replay(unchanged, 0.05, 1000, 7, false, FamilyReplay.Draw.RESAMPLE);
        FamilyReplay.Rate swapped = FamilyReplay.replay(unchanged, 0.05, 1000, 7, false, FamilyReplay.Draw.SWAP);
        FamilyReplay.Rate ab = FamilyReplay.replay(slowed, 0.05, 1000, 7, false, FamilyReplay.Draw.RESAMPLE);
        FamilyReplay.Rate centred = FamilyReplay.replay(slowed, 0.05, 1000, 7, true, FamilyReplay.Draw.RESAMPLE);

        assertEquals(1000, aa.times());
        assertTrue(aa.falseAlarms() < 0.1, "A/A: " + aa);
        assertTrue(swapped.anything() < 100, "A/A, sides swapped: " + swapped);
        assertTrue(ab.slower() > 950 && ab.anything() >= ab.slower(), "A/B: " + ab);
        assertTrue(centred.falseAlarms() < 0.1, "centred: " + centred);
    }

    private static List<FamilyVerdicts.PairRatios> ratios(ResultSet a, ResultSet b) throws Exception {
        return FamilyVerdicts.ratios(Comparison.compare(a, b, CompareConfig.defaults(), true).changes(),
                FamilyVerdicts.Grouping.BY_CLASS);
    }

    /**
     * One side of an A/B run of one family: {@link #CONFIGURATIONS} configurations of {@link #PAIRS}
     * forks, each fork of four iterations at {@code level} × its round's drift × (1 ± noise).
     */
    private static ArrayNode side(double level, long seed, double noise) {
        return side(level, level, seed, noise);
    }

    /** As {@link #side(double, long, double)}, the first half of the configurations cpu at {@code cpu}, the rest io. */
    private static ArrayNode side(double cpu, double io, long seed, double noise) {
        double[] drift = {1.0, 1.3, 0.85};
        SplittableRandom random = new SplittableRandom(seed);
        ArrayNode results = Fixtures.JSON.createArrayNode();
        for (int c = 0; c < CONFIGURATIONS; c++) {
            double[][] forks = new double[PAIRS][4];
            for (int k = 0; k < PAIRS; k++) {
                double level = c < CONFIGURATIONS / 2 ? cpu : io;
                double fork = 100 * level * drift[k] * (1 + noise * (2 * random.nextDouble() - 1));
                for (int i = 0; i < 4; i++) {
                    forks[k][i] = fork * (1 + 0.005 * (2 * random.nextDouble() - 1));
                }
            }
            ObjectNode result = PairedTestTest.result("c" + c, "us/op", forks);
            ((ObjectNode) result.get("params")).put("workload", c < CONFIGURATIONS / 2 ? "cpu" : "io");
            results.add(result);
        }
        return results;
    }
}
