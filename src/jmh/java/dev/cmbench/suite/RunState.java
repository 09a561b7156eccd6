package dev.cmbench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code run.json}: where a run stands, rewritten after every fork, so that a run that fails or is
 * interrupted says how far it got and a resumed one continues it with the same calibration and
 * fork order.
 *
 * @param state         {@code running}, {@code interrupted} (stopped by a signal), {@code partial}
 *                      (ended with forks failed) or {@code complete}
 * @param pid           the runner's process; a {@code running} state whose process is gone was killed
 * @param arguments     the runner's arguments that decide what runs; a resume must be given the same
 * @param code          a fingerprint of this tree's benchmarks jar; a resume must run the same code
 * @param seed          the seed of the fork order ({@link RoundSchedule})
 * @param sides         this tree, and in an A/B run the side it is measured against
 * @param configurations every configuration's label, in grid order
 * @param forksPlanned  forks the run has, over all rounds
 * @param done          the forks saved, in the order they ran
 * @param failed        the forks that failed, with why
 * @param stages        an A/B run under a time budget: its stages; null for a run without one
 */
record RunState(String state, long pid, String startedAt, List<String> arguments, String code, long seed,
        double unitsPerMicro, String calibrationSource, List<Side> sides, List<String> configurations,
        int forksPlanned, List<DoneFork> done, List<FailedFork> failed, StagePlan stages) {

    static final String RUNNING = "running";
    static final String INTERRUPTED = "interrupted";
    static final String PARTIAL = "partial";
    static final String COMPLETE = "complete";

    /**
     * A saved fork: its slot, the file its JMH result is in, how long it took, the latency logs it
     * wrote, what went on around it while it measured (null where its jar could not say), and its
     * value, mean and median of its iterations (null in a run.json written before it was kept).
     */
    record DoneFork(int round, int configuration, int side, String file, double seconds, List<String> latencyLogs,
            ForkEnvironment environment, ForkValue value) {
        RoundSchedule.Slot slot() {
            return new RoundSchedule.Slot(round, configuration, side);
        }
    }

    /** A fork that failed, on which side, and JMH's reason. */
    record FailedFork(int round, String side, String configuration, String why) {
    }

    RunState {
        sides = List.copyOf(sides);
        done = new ArrayList<>(done);
        failed = new ArrayList<>(failed);
    }

    RunState withState(String newState) {
        return new RunState(newState, pid, startedAt, arguments, code, seed, unitsPerMicro, calibrationSource, sides,
                configurations, forksPlanned, done, failed, stages);
    }

    /** The same run after the look between its stages: the second stage's forks ({@code extraForks}, both sides) planned too. */
    RunState withStages(StagePlan looked, int extraForks) {
        return new RunState(state, pid, startedAt, arguments, code, seed, unitsPerMicro, calibrationSource, sides,
                configurations, forksPlanned + extraForks, done, failed, looked);
    }

    /** The same run, taken over by this process, its earlier failures to be run again. */
    RunState resumedBy(long newPid) {
        return new RunState(RUNNING, newPid, startedAt, arguments, code, seed, unitsPerMicro, calibrationSource, sides,
                configurations, forksPlanned, done, List.of(), stages);
    }

    boolean finished() {
        return done.size() == forksPlanned;
    }

    /** {@code 250 of 288 forks}: for the console, env.json and the report. */
    String forksLine() {
        return done.size() + " of " + forksPlanned + " forks";
    }
}
