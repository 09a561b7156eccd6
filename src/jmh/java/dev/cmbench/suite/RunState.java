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
 * @param rerun         in an A/B run, the pairs run again because a fork of theirs was disturbed
 */
record RunState(String state, long pid, String startedAt, List<String> arguments, String code, long seed,
        double unitsPerMicro, String calibrationSource, List<Side> sides, List<String> configurations,
        int forksPlanned, List<DoneFork> done, List<FailedFork> failed, StagePlan stages, List<RerunPair> rerun) {

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

    /**
     * A pair of an A/B run whose forks were measured again, both sides, because the machine was
     * busy with something else around one of them: why, and the seconds the first two took.
     */
    record RerunPair(int round, int configuration, String why, double seconds) {
    }

    /** A fork that failed, on which side, and JMH's reason. */
    record FailedFork(int round, String side, String configuration, String why) {
    }

    RunState {
        sides = List.copyOf(sides);
        done = new ArrayList<>(done);
        failed = new ArrayList<>(failed);
        rerun = rerun == null ? new ArrayList<>() : new ArrayList<>(rerun); // null: a run.json written before reruns
    }

    RunState withState(String newState) {
        return new RunState(newState, pid, startedAt, arguments, code, seed, unitsPerMicro, calibrationSource, sides,
                configurations, forksPlanned, done, failed, stages, rerun);
    }

    /** The same run after the look between its stages: the second stage's forks ({@code extraForks}, both sides) planned too. */
    RunState withStages(StagePlan looked, int extraForks) {
        return new RunState(state, pid, startedAt, arguments, code, seed, unitsPerMicro, calibrationSource, sides,
                configurations, forksPlanned + extraForks, done, failed, looked, rerun);
    }

    /** The same run, taken over by this process, its earlier failures to be run again. */
    RunState resumedBy(long newPid) {
        return new RunState(RUNNING, newPid, startedAt, arguments, code, seed, unitsPerMicro, calibrationSource, sides,
                configurations, forksPlanned, done, List.of(), stages, rerun);
    }

    /** The forks' time so far: the saved forks', and the pairs' that were run again. */
    double secondsSpent() {
        return done.stream().mapToDouble(DoneFork::seconds).sum() + rerun.stream().mapToDouble(RerunPair::seconds).sum();
    }

    /** Whether the pair of configuration {@code configuration} in round {@code round} has been run again already. */
    boolean rerunAlready(int round, int configuration) {
        return rerun.stream().anyMatch(r -> r.round() == round && r.configuration() == configuration);
    }

    boolean finished() {
        return done.size() == forksPlanned;
    }

    /** {@code 250 of 288 forks}: for the console, env.json and the report. */
    String forksLine() {
        return done.size() + " of " + forksPlanned + " forks";
    }
}
