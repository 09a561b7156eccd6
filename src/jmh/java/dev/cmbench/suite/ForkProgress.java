package dev.cmbench.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One console line as every fork ends: which fork of how many, its round, how long it took, its
 * configuration, and the time the run has left; JMH's own output of the fork is in its log file
 * ({@code forks/}), not on the console. The estimate adds, over the forks still to run, each
 * configuration's own mean fork time where it has run before, else the mean of every fork so far.
 */
final class ForkProgress {

    private final PrintStream console;
    private final PrintStream errors;
    private final List<Configuration> configurations;
    private final int rounds;
    private final int forksPlanned;
    private final boolean ab;
    private final Map<Integer, double[]> secondsByConfiguration = new HashMap<>();
    private double totalSeconds;
    private int forksTimed;

    ForkProgress(PrintStream console, PrintStream errors, List<Configuration> configurations, RunState state) {
        this.console = console;
        this.errors = errors;
        this.configurations = configurations;
        this.rounds = RoundSchedule.rounds(configurations);
        this.forksPlanned = state.forksPlanned();
        this.ab = state.sides().size() > 1;
        state.done().forEach(fork -> timed(fork.configuration(), fork.seconds()));
    }

    /**
     * Says that {@code slot} ended on {@code side} after {@code seconds}, {@code done} forks having
     * ended before it, {@code remaining} to come; {@code failure} is JMH's reason if it failed,
     * {@code disturbed} why the machine was busy around it if it was (its figures are kept).
     */
    void ended(RoundSchedule.Slot slot, Side side, int done, double seconds, String failure, String disturbed,
            List<RoundSchedule.Slot> remaining) {
        if (failure == null) {
            timed(slot.configuration(), seconds);
        }
        (failure == null ? console : errors).printf(Locale.ROOT, "cmbench: fork %d of %d (round %d of %d%s) %s %s: %s; %s%n",
                done + 1, forksPlanned, slot.round() + 1, rounds,
                side.name().equals(Side.THIS) && !ab ? "" : ", " + side.name(),
                failure == null ? "took" : "failed after", duration(seconds),
                configurations.get(slot.configuration()).label()
                        + (failure == null ? "" : ": " + failure + "; the run goes on")
                        + (disturbed == null ? "" : "; disturbed: " + disturbed + ", kept and flagged in run.json and"
                                + " the report"),
                remaining.isEmpty() ? "the last" : timeLeft(remaining));
    }

    private static String duration(double seconds) {
        return seconds < 90 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    /** Records how long a fork of configuration {@code index} took. */
    private void timed(int index, double seconds) {
        double[] sumAndCount = secondsByConfiguration.computeIfAbsent(index, k -> new double[2]);
        sumAndCount[0] += seconds;
        sumAndCount[1]++;
        totalSeconds += seconds;
        forksTimed++;
    }

    /**
     * The console's word on how the run in {@code out} went, before the report: complete, or what
     * failed and how to run it again; true if it is complete.
     */
    static boolean sayHowTheRunEnded(RunState state, int skipped, Path out) {
        if (state.state().equals(RunState.COMPLETE)) {
            System.out.println("cmbench: complete: " + state.forksLine() + (skipped == 0 ? "" : ", " + skipped
                    + " configurations skipped by design (skipped.json and the report say why)") + ", in " + out);
            return true;
        }
        System.err.println("cmbench: " + state.state() + ": " + state.forksLine() + " saved in " + out.resolve("jmh.json")
                + (state.sides().size() > 1 ? " and " + out.resolve(Side.AGAINST).resolve("jmh.json") : "") + "; failed:");
        state.failed().forEach(f -> System.err.println("cmbench:   fork " + (f.round() + 1) + " of " + f.configuration()
                + (state.sides().size() > 1 ? " on " + f.side() : "") + ": " + f.why()));
        System.err.println("cmbench: run the failed forks with -Dbench.resume (the same other options)");
        return false;
    }

    /**
     * What the forks in {@code remaining} should take: each configuration's mean fork time so far,
     * else the mean of every fork so far (NaN before any fork ended well).
     */
    double secondsLeft(List<RoundSchedule.Slot> remaining) {
        if (forksTimed == 0) {
            return Double.NaN;
        }
        double seconds = 0;
        for (RoundSchedule.Slot slot : remaining) {
            double[] own = secondsByConfiguration.get(slot.configuration());
            seconds += own != null ? own[0] / own[1] : totalSeconds / forksTimed;
        }
        return seconds;
    }

    private String timeLeft(List<RoundSchedule.Slot> remaining) {
        double seconds = secondsLeft(remaining);
        if (Double.isNaN(seconds)) {
            return "time left known after a fork that ends well";
        }
        return seconds < 90 ? String.format(Locale.ROOT, "about %.0f s left", seconds)
                : String.format(Locale.ROOT, "about %.0f min left", seconds / 60);
    }
}
