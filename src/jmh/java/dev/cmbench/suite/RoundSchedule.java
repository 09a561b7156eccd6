package dev.cmbench.suite;

import java.io.Serializable;
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
 * to back. The order follows from a seed, which the run's state records.
 */
final class RoundSchedule {

    /** One fork to run: the configuration's index in the grid, and the round (from 0). */
    record Slot(int round, int configuration) implements Serializable {
    }

    private RoundSchedule() {
    }

    /** Every fork of every configuration, round by round, each round shuffled. */
    static List<Slot> order(List<Configuration> configurations, long seed) {
        Random random = new Random(seed);
        int rounds = rounds(configurations);
        List<Slot> order = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Slot> thisRound = new ArrayList<>();
            for (int c = 0; c < configurations.size(); c++) {
                if (configurations.get(c).forks() > round) {
                    thisRound.add(new Slot(round, c));
                }
            }
            Collections.shuffle(thisRound, random);
            order.addAll(thisRound);
        }
        return order;
    }

    /** The same order less the slots already done: what a resumed run still has to run. */
    static List<Slot> remaining(List<Configuration> configurations, long seed, Set<Slot> done) {
        return order(configurations, seed).stream().filter(slot -> !done.contains(slot)).toList();
    }

    /** The number of rounds: the most forks any configuration gets. */
    static int rounds(List<Configuration> configurations) {
        return configurations.stream().mapToInt(Configuration::forks).max().orElse(0);
    }
}
