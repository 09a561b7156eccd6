package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;

/**
 * The look between the stages of a budgeted A/B run: what the first stage decided gets no more
 * pairs; the undecided get the planned pairs cheapest first while the budget lasts, then more up
 * to twice the plan; what the budget cannot reach is named on the console.
 */
class StageLookTest {

    private static final String BENCHMARK = "dev.cmbench.bench.BatchBenchmark.makespan";

    @TempDir
    Path dir;

    @Test
    void theUndecidedGetTheBudgetCheapestFirstAndTheDecidedNone() throws Exception {
        List<Configuration> grid = List.of(configuration("cheap"), configuration("dear"), configuration("decided"));
        // Per pair, ln(current / baseline): the first two noisy (undecided after three pairs), the third the same in every pair.
        double[][] logRatios = {{0.06, -0.02, 0.03}, {0.06, -0.02, 0.03}, {0.0, 0.0, 0.0}};
        writeSides(grid, logRatios);
        double[] forkSeconds = {2, 10, 2};
        List<RunState.DoneFork> done = new ArrayList<>();
        for (int c = 0; c < grid.size(); c++) {
            for (int k = 0; k < 6; k++) {
                done.add(new RunState.DoneFork(k / 2, c, k % 2, "f", forkSeconds[c], List.of(), null, null));
            }
        }
        double spent = 6 * (2 + 10 + 2);
        // The planned 6 pairs of the cheap one (6 × 4 s), two more (8 s), and not the dear one's 6 × 20 s.
        StagePlan plan = StagePlan.of((long) spent + 34, 3);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<Integer> pairs = StageLook.secondStage(dir, grid, state(grid, done), plan,
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String said = console.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(8, 0, 0), pairs, said);
        assertTrue(said.contains("the look: 2 of 3 configurations undecided after the first stage; 1 goes on"), said);
        assertTrue(said.contains("left undecided, beyond the budget: " + grid.get(1).label()), said);
    }

    @Test
    void aFirstStageFarPastTheThresholdGoesOnBeforeALongShot() throws Exception {
        List<Configuration> grid = List.of(configuration("near"), configuration("far"));
        // About +31 % with a pair spread of 6 % needs a few pairs more; +3 % with a spread of 9 % more than the plan allows.
        writeSides(grid, new double[][] {{0.12, -0.06, 0.03}, {0.22, 0.34, 0.26}});
        List<RunState.DoneFork> done = new ArrayList<>();
        for (int c = 0; c < grid.size(); c++) {
            for (int k = 0; k < 6; k++) {
                done.add(new RunState.DoneFork(k / 2, c, k % 2, "f", 1, List.of(), null, null));
            }
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        // The first stage took 12 s; 22 s more: 6 pairs of 2 s for the one that can be decided, 5 more, none for the long shot.
        List<Integer> pairs = StageLook.secondStage(dir, grid, state(grid, done), StagePlan.of(34, 3),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String said = console.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(0, 11), pairs, said);
        assertTrue(said.matches("(?s).*11 pairs \\(2\\.0 s a pair; [2-5] in all would detect a 3\\d\\.\\d % change at a pair"
                + " spread of \\d\\.\\d %\\) " + java.util.regex.Pattern.quote(grid.get(1).label()) + ".*"), said);
        assertTrue(said.contains("left undecided, beyond the budget: " + grid.get(0).label()), said);

        console.reset();
        pairs = StageLook.secondStage(dir, grid, state(grid, done), StagePlan.of(600, 3),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        said = console.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(12, 12), pairs, "a budget that reaches the long shot gives it pairs too: " + said);
        assertTrue(said.contains("12 pairs (2.0 s a pair; a long shot: more than 15 pairs would detect a 5.0 % change at a"
                + " pair spread of 9.0 %) " + grid.get(0).label()), said);
    }

    /**
     * Three pairs spread 9 % (no practical number of pairs would detect 5 % at that), an earlier run's
     * twelve spread 1 %: pooled by their degrees of freedom, a few pairs would, and the result goes on.
     */
    @Test
    void aPriorRunsSpreadPooledWithTheFirstStagesSteersTheLook() throws Exception {
        List<Configuration> grid = List.of(configuration("noisy-now"));
        writeSides(grid, new double[][] {{0.12, -0.06, 0.03}});
        Path prior = dir.resolve("prior");
        writeSides(prior, grid, new double[][] {{0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01, 0.01, -0.01}});
        List<RunState.DoneFork> done = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            done.add(new RunState.DoneFork(k / 2, 0, k % 2, "f", 1, List.of(), null, null));
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<Integer> pairs = StageLook.secondStage(dir, grid, state(grid, done), StagePlan.of(600, 3, prior.toString()),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String said = console.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(12), pairs, said);
        assertTrue(said.contains("shrunk towards its spread in " + prior + " (1 result)"), said);
        assertTrue(said.contains("a 5.0 % change at a pair spread of 3.7 %, with 12 pairs of the prior run) "), said);
    }

    @Test
    void aBudgetIsADurationAsAUserWritesIt() {
        assertEquals(2700, TimeBudget.seconds("45m"));
        assertEquals(5400, TimeBudget.seconds("1h30m"));
        assertEquals(600, TimeBudget.seconds("600s"));
        assertEquals(2700, TimeBudget.seconds("45min"));
        assertEquals(0, TimeBudget.seconds(" "));
        for (String bad : new String[] {"45", "0m", "soon", "99999999999999999999h"}) {
            assertEquals("the budget '" + bad + "' is not a duration such as 45m, 1h30m or 600s",
                    assertThrows(IllegalArgumentException.class, () -> TimeBudget.seconds(bad)).getMessage());
        }
    }

    @Test
    void theSecondStageRunsInRoundsAfterTheFirstsWhichItLeavesAsTheyWere() {
        List<Configuration> grid = List.of(configuration("a"), configuration("b"), configuration("c"));
        StagePlan plan = StagePlan.of(600, 3);
        StagePlan looked = plan.afterTheLook(List.of(4, 0, 2));

        List<RoundSchedule.Slot> first = RoundSchedule.order(plan.configurations(grid), 2, 5);
        List<RoundSchedule.Slot> both = RoundSchedule.order(looked.configurations(grid), 2, 5);

        assertEquals(first, both.subList(0, first.size()), "the first stage's order is the same after the look");
        List<RoundSchedule.Slot> second = both.subList(first.size(), both.size());
        assertEquals(2 * (4 + 2), second.size());
        assertTrue(second.stream().allMatch(slot -> slot.round() >= 3 && slot.configuration() != 1), second.toString());
    }

    private static Configuration configuration(String model) {
        return new Configuration(BENCHMARK, Mode.AverageTime, new TreeMap<>(Map.of("model", model)), 3, 1);
    }

    private static RunState state(List<Configuration> grid, List<RunState.DoneFork> done) {
        return new RunState(RunState.RUNNING, 1, "2026-12-01T00:00:00Z", List.of(), "", 1, 500, "given: 500",
                List.of(Side.thisTree(), Side.thisTree()), grid.stream().map(Configuration::label).toList(),
                done.size(), done, List.of(), null, List.of());
    }

    /** This tree's jmh.json and the other side's: fork k of configuration c at 100 and 100 × e^d. */
    private void writeSides(List<Configuration> grid, double[][] logRatios) throws Exception {
        writeSides(dir, grid, logRatios);
    }

    private static void writeSides(Path dir, List<Configuration> grid, double[][] logRatios) throws Exception {
        ArrayNode baseline = Fixtures.JSON.createArrayNode();
        ArrayNode current = Fixtures.JSON.createArrayNode();
        for (int c = 0; c < grid.size(); c++) {
            baseline.add(result(grid.get(c), new double[logRatios[c].length]));
            current.add(result(grid.get(c), logRatios[c]));
        }
        Files.createDirectories(dir.resolve(Side.AGAINST));
        Fixtures.write(dir.resolve(Side.AGAINST), "jmh.json", baseline);
        Fixtures.write(dir, "jmh.json", current);
    }

    private static ObjectNode result(Configuration configuration, double[] logRatios) {
        ObjectNode entry = Fixtures.tree("modes-1.37.json").get(4).deepCopy();
        entry.put("benchmark", configuration.benchmark());
        entry.put("mode", "avgt");
        entry.put("forks", logRatios.length);
        ObjectNode params = entry.putObject("params");
        configuration.params().forEach(params::put);
        ObjectNode metric = (ObjectNode) entry.get("primaryMetric");
        metric.put("scoreUnit", "ms/op");
        metric.remove(List.of("scoreError", "scoreConfidence", "scorePercentiles"));
        ArrayNode raw = metric.putArray("rawData");
        double sum = 0;
        for (double d : logRatios) {
            ArrayNode fork = raw.addArray();
            for (int i = 0; i < 4; i++) {
                fork.add(100 * Math.exp(d));
            }
            sum += 100 * Math.exp(d);
        }
        metric.put("score", sum / logRatios.length);
        return entry;
    }
}
