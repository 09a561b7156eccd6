package dev.cmbench.suite;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One console line before every fork: which fork of how many, its round, its configuration, and
 * the time the run has left. The estimate adds, over the forks still to run, each configuration's
 * own mean fork time where it has run before, else the mean of every fork so far.
 */
final class ForkProgress {

    private final PrintStream console;
    private final List<Configuration> configurations;
    private final int rounds;
    private final int forksPlanned;
    private final boolean ab;
    private final Map<Integer, double[]> secondsByConfiguration = new HashMap<>();
    private double totalSeconds;
    private int forksTimed;

    ForkProgress(PrintStream console, List<Configuration> configurations, RunState state) {
        this.console = console;
        this.configurations = configurations;
        this.rounds = RoundSchedule.rounds(configurations);
        this.forksPlanned = state.forksPlanned();
        this.ab = state.sides().size() > 1;
        state.done().forEach(fork -> timed(fork.configuration(), fork.seconds()));
    }

    /**
     * Says that {@code slot} starts on {@code side}, {@code done} forks having ended before it,
     * {@code remaining} (it included) to come.
     */
    void starting(RoundSchedule.Slot slot, Side side, int done, List<RoundSchedule.Slot> remaining) {
        console.printf(Locale.ROOT, "cmbench: fork %d of %d (round %d of %d%s): %s; %s%n", done + 1, forksPlanned,
                slot.round() + 1, rounds, side.name().equals(Side.THIS) && !ab ? "" : ", " + side.name(),
                configurations.get(slot.configuration()).label(), timeLeft(remaining));
    }

    /** Records how long a fork of configuration {@code index} took. */
    void timed(int index, double seconds) {
        double[] sumAndCount = secondsByConfiguration.computeIfAbsent(index, k -> new double[2]);
        sumAndCount[0] += seconds;
        sumAndCount[1]++;
        totalSeconds += seconds;
        forksTimed++;
    }

    private String timeLeft(List<RoundSchedule.Slot> remaining) {
        if (forksTimed == 0) {
            return "time left known after the first fork";
        }
        double seconds = 0;
        for (RoundSchedule.Slot slot : remaining) {
            double[] own = secondsByConfiguration.get(slot.configuration());
            seconds += own != null ? own[0] / own[1] : totalSeconds / forksTimed;
        }
        return seconds < 90 ? String.format(Locale.ROOT, "about %.0f s left", seconds)
                : String.format(Locale.ROOT, "about %.0f min left", seconds / 60);
    }
}
