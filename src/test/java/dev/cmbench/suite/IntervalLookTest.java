package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

/**
 * The look of a run under a budget without another side: the forks left go one at a time to the
 * widest interval (each configuration's spread shrunk halfway towards its benchmark's), as far as
 * the budget goes and up to twice k₂ each; a fork dearer than what is left goes nowhere.
 */
class IntervalLookTest {

    private static final List<Configuration> GRID = List.of(configuration("wide"), configuration("narrow"),
            configuration("dear"));

    /** Two forks each: 100 and 130 (wide), 100 and 101 (narrow), 100 and 130 at 100 s a fork (dear). */
    private static final double[][] VALUES = {{100, 130}, {100, 101}, {100, 130}};
    private static final double[] FORK_SECONDS = {1, 1, 100};
    private static final double FIRST_STAGE_SECONDS = 2 * (1 + 1 + 100);

    @Test
    void theForksLeftGoToTheWidestIntervalOneAtATime() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<Integer> forks = IntervalLook.moreForks(GRID, state(), StagePlan.of((long) FIRST_STAGE_SECONDS + 10, 2),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String said = console.toString(StandardCharsets.UTF_8);
        // Worked by hand: spreads 0.185 and 0.007 on the log scale, pooled 0.152 (the three), shrunk
        // to 0.169 and 0.107; ten forks of 1 s, each to the widest t-interval then, give 7 and 3.
        assertEquals(List.of(7, 3, 0), forks, said);
        assertTrue(said.contains("the look: 10 more forks for 2 of 3 configurations, about 0.2 min, the widest"
                + " intervals first"), said);
        assertTrue(said.matches("(?s).*7 forks \\(1\\.0 s a fork; ±152\\.\\d % with 2, about ±\\d+\\.\\d % with 9\\) "
                + java.util.regex.Pattern.quote(GRID.get(0).label()) + ".*"), said);
    }

    @Test
    void noConfigurationGetsMoreThanTwiceThePlannedSecondStage() {
        List<Integer> forks = IntervalLook.moreForks(GRID, state(), StagePlan.of(100_000, 2),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(List.of(8, 8, 8), forks);
    }

    private static RunState state() {
        List<RunState.DoneFork> done = new ArrayList<>();
        for (int c = 0; c < GRID.size(); c++) {
            for (int k = 0; k < VALUES[c].length; k++) {
                done.add(new RunState.DoneFork(k, c, 0, "f", FORK_SECONDS[c], List.of(), null,
                        new ForkValue(VALUES[c][k], VALUES[c][k], 4, "ms/op")));
            }
        }
        return new RunState(RunState.RUNNING, 1, "2026-12-01T00:00:00Z", List.of(), "", 1, 500, "given: 500",
                List.of(Side.thisTree()), GRID.stream().map(Configuration::label).toList(), done.size(), done,
                List.of(), null, List.of());
    }

    private static Configuration configuration(String model) {
        return new Configuration("dev.cmbench.bench.BatchBenchmark.makespan", Mode.AverageTime,
                new TreeMap<>(Map.of("model", model)), 2, 1);
    }
}
