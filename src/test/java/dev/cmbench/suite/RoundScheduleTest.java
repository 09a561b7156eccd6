package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

class RoundScheduleTest {

    private static List<Configuration> configurations(int... forks) {
        return IntStream.of(forks).mapToObj(f -> new Configuration("dev.cmbench.bench.X.y", Mode.AverageTime,
                new TreeMap<>(Map.of("n", String.valueOf(f))), f, 1)).toList();
    }

    @Test
    void eachRoundHoldsOneForkOfEveryConfigurationThatStillNeedsOne() {
        List<RoundSchedule.Slot> order = RoundSchedule.order(configurations(3, 3, 1, 3), 1, 7);

        assertEquals(10, order.size());
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 1, 2, 2, 2), order.stream().map(RoundSchedule.Slot::round).toList(),
                "round by round; the one-fork configuration only in the first");
        for (int round = 0; round < 3; round++) {
            int r = round;
            Set<Integer> inRound = new HashSet<>(order.stream().filter(s -> s.round() == r)
                    .map(RoundSchedule.Slot::configuration).toList());
            assertEquals(round == 0 ? Set.of(0, 1, 2, 3) : Set.of(0, 1, 3), inRound);
        }
    }

    @Test
    void eachRoundHasItsOwnRandomOrderFromTheSeed() {
        List<Configuration> many = configurations(4, 4, 4, 4, 4, 4, 4, 4);
        List<RoundSchedule.Slot> order = RoundSchedule.order(many, 1, 42);

        assertEquals(order, RoundSchedule.order(many, 1, 42), "the seed decides the order, so a resume can redo it");
        assertNotEquals(order, RoundSchedule.order(many, 1, 43));
        List<Integer> first = order.subList(0, 8).stream().map(RoundSchedule.Slot::configuration).toList();
        List<Integer> second = order.subList(8, 16).stream().map(RoundSchedule.Slot::configuration).toList();
        assertNotEquals(first, second, "a fresh order every round, not one order repeated");
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), first, "not the grid's order");
    }

    @Test
    void inAnABRunEachConfigurationsTurnIsOneForkOfEachSideBackToBackInEitherOrder() {
        List<Configuration> grid = configurations(5, 5, 5, 5);
        List<RoundSchedule.Slot> order = RoundSchedule.order(grid, 2, 11);

        assertEquals(40, order.size());
        Set<Integer> firstSides = new HashSet<>();
        for (int i = 0; i < order.size(); i += 2) {
            RoundSchedule.Slot first = order.get(i);
            RoundSchedule.Slot second = order.get(i + 1);
            assertEquals(first.configuration(), second.configuration(), "a pair runs back to back");
            assertEquals(first.round(), second.round());
            assertEquals(1, first.side() + second.side(), "one fork of each side");
            firstSides.add(first.side());
        }
        assertEquals(Set.of(0, 1), firstSides, "neither side always goes first");
    }

    @Test
    void aResumeRunsWhatIsLeftInTheSameOrder() {
        List<Configuration> grid = configurations(2, 2, 2);
        List<RoundSchedule.Slot> order = RoundSchedule.order(grid, 2, 5);
        Set<RoundSchedule.Slot> done = Set.of(order.get(0), order.get(1), order.get(3));

        List<RoundSchedule.Slot> remaining = RoundSchedule.remaining(grid, 2, 5, done);

        assertEquals(order.stream().filter(s -> !done.contains(s)).toList(), remaining);
        assertEquals(9, remaining.size());
    }
}
