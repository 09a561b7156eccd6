package dev.cmbench.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * In which order the forks run: in rounds, each round one fork of every configuration that still
 * needs one, in a fresh random order (randomized multiple interleaved trials, Abedi and Brecht,
 * ICPE 2017). A slow quarter-hour on the host then spreads over every configuration instead of
 * landing on the few that happened to run in it, and a configuration never runs its forks back
 * to back. In an A/B run a configuration's turn in a round is one fork of each side, back to
 * back in a random order: the pair shares its minutes on the host, and neither side always goes
 * first. The order follows from a seed, which the run's state records.
 */
final class RoundSchedule {

    /** One fork to run: the round (from 0), the configuration's index in the grid, the side's index. */
    record Slot(int round, int configuration, int side) {
    }

    private RoundSchedule() {
    }

    /** Every fork of every configuration on each of {@code sides} sides, round by round, each round shuffled. */
    static List<Slot> order(List<Configuration> configurations, int sides, long seed) {
        Random random = new Random(seed);
        int rounds = rounds(configurations);
        List<Slot> order = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Integer> thisRound = new ArrayList<>();
            for (int c = 0; c < configurations.size(); c++) {
                if (configurations.get(c).forks() > round) {
                    thisRound.add(c);
                }
            }
            Collections.shuffle(thisRound, random);
            for (int configuration : thisRound) {
                List<Integer> sideOrder = new ArrayList<>();
                for (int side = 0; side < sides; side++) {
                    sideOrder.add(side);
                }
                Collections.shuffle(sideOrder, random);
                for (int side : sideOrder) {
                    order.add(new Slot(round, configuration, side));
                }
            }
        }
        return order;
    }

    /** The same order less the slots already done: what a resumed run still has to run. */
    static List<Slot> remaining(List<Configuration> configurations, int sides, long seed, Set<Slot> done) {
        return order(configurations, sides, seed).stream().filter(slot -> !done.contains(slot)).toList();
    }

    /** The number of rounds: the most forks any configuration gets. */
    static int rounds(List<Configuration> configurations) {
        return configurations.stream().mapToInt(Configuration::forks).max().orElse(0);
    }
}
