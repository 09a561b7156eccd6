package dev.cmbench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs the forks a run still lacks, in the order of its {@link RoundSchedule}, each on its side,
 * saving each as it ends. A fork that fails is recorded with JMH's reason, what it left beside its
 * result is removed, and the run goes on, so that an hour of finished forks is never lost to one
 * failure. In an A/B run, a pair one of whose forks was disturbed (other processes or the
 * hypervisor took the machine past {@link ForkEnvironment}'s thresholds) is run again, both sides,
 * once: the second try replaces the first, whatever it finds. Whether a pair goes again depends on
 * the machine, not on which side was slower, so the retry moves no ratio one way. At most a tenth
 * of the run's pairs go again: past that the machine is busy throughout (an hour of high steal),
 * a retry would find the same, and the run would only take longer. Under a time budget a retry
 * comes out of the budget: one that would take the run past it is not made, and the pair is kept
 * and flagged.
 */
final class ForkLoop {

    /** The share of a run's pairs that may be run again. */
    static final double MOST_RERUN_SHARE = 0.1;

    private ForkLoop() {
    }

    /**
     * The forks the run lacks; under a time budget, the first stage, the look, then the second
     * stage (a resumed run picks up where its plan stands).
     *
     * @param grid every configuration with the forks the grid gives it (the first stage's, under a budget)
     */
    static void runInStages(ForkArchive archive, Path out, List<Configuration> grid, List<ForkOptions> sides,
            PrintStream console, PrintStream errors) throws IOException {
        StagePlan plan = archive.state().stages();
        run(archive, plan == null ? grid : plan.configurations(grid), sides, console, errors);
        if (plan == null || plan.looked()) {
            return;
        }
        StagePlan looked = plan.afterTheLook(sides.size() > 1 ? StageLook.secondStage(out, grid, archive.state(), plan, console)
                : IntervalLook.moreForks(grid, archive.state(), plan, console));
        archive.looked(looked);
        run(archive, looked.configurations(grid), sides, console, errors);
        console.println(StageLook.spent(archive.state(), looked));
    }

    /** @param sides each side's fork options, by the side's index */
    static void run(ForkArchive archive, List<Configuration> configurations, List<ForkOptions> sides, PrintStream console,
            PrintStream errors) throws IOException {
        RunState state = archive.state();
        List<RoundSchedule.Slot> remaining = new ArrayList<>(RoundSchedule.remaining(configurations, sides.size(),
                state.seed(), archive.doneSlots()));
        Map<Integer, Traces> lastOnSide = new HashMap<>();
        ForkProgress progress = new ForkProgress(console, errors, configurations, state);
        for (int i = 0; i < remaining.size(); i++) {
            RoundSchedule.Slot slot = remaining.get(i);
            Configuration configuration = configurations.get(slot.configuration());
            ForkOptions side = sides.get(slot.side());
            int done = state.done().size() + state.failed().size();
            long start = System.nanoTime();
            Traces before = Traces.of(side.sideDirectory());
            lastOnSide.put(slot.side(), before);
            String why = null;
            String disturbed = null;
            double seconds;
            try {
                Collection<RunResult> results = side.side().run(side.forkOf(configuration, archive.logOf(slot)));
                if (results.size() != 1) {
                    throw new RunnerException("expected one result, JMH returned " + results.size());
                }
                seconds = (System.nanoTime() - start) / 1e9;
                ForkEnvironment environment = before.environmentSince();
                archive.saved(slot, results.iterator().next(), seconds, before.latencyLogsSince(), environment);
                disturbed = environment == null ? null : environment.disturbed();
            } catch (RunnerException e) {
                seconds = (System.nanoTime() - start) / 1e9;
                why = reasonOf(e);
                before.removeWhatCameAfter();
                archive.failed(slot, configuration.label(), why);
            }
            progress.ended(slot, side.side(), done, seconds, why, disturbed, remaining.subList(i + 1, remaining.size()));
            if (why == null && sides.size() > 1) {
                runAgainIfDisturbed(archive, slot, configurations.get(slot.configuration()), lastOnSide, remaining, i,
                        progress, console);
            }
        }
    }

    /**
     * After the second fork of a pair: if a fork of it was disturbed and the pair has not been run
     * again, forgets both (and what they left beside their results) and puts them back next in line,
     * in the order they ran.
     */
    private static void runAgainIfDisturbed(ForkArchive archive, RoundSchedule.Slot slot, Configuration configuration,
            Map<Integer, Traces> lastOnSide, List<RoundSchedule.Slot> remaining, int at, ForkProgress progress,
            PrintStream console) throws IOException {
        String why = archive.pairDisturbance(slot);
        RunState state = archive.state();
        if (why == null || state.rerunAlready(slot.round(), slot.configuration())) {
            return;
        }
        int mostReruns = (int) Math.ceil(MOST_RERUN_SHARE * state.forksPlanned() / state.sides().size());
        if (state.rerun().size() >= mostReruns) {
            return;
        }
        if (state.stages() != null && pastTheBudget(state, progress, remaining.subList(at + 1, remaining.size()), slot)) {
            console.println("cmbench: the pair of round " + (slot.round() + 1) + " of " + configuration.label()
                    + " was disturbed (" + why + "); kept and flagged: running it again would take the run past its"
                    + " budget of " + TimeBudget.minutes(state.stages().budgetSeconds()));
            return;
        }
        for (Traces traces : lastOnSide.values()) {
            traces.removeWhatCameAfter(); // each side's last fork is this pair's
        }
        archive.forgetPair(slot, why);
        RoundSchedule.Slot partner = new RoundSchedule.Slot(slot.round(), slot.configuration(), 1 - slot.side());
        remaining.add(at + 1, partner);
        remaining.add(at + 2, slot);
        console.println("cmbench: the pair of round " + (slot.round() + 1) + " of " + configuration.label()
                + " runs again, both sides: disturbed (" + why + ")" + (archive.state().rerun().size() < mostReruns ? ""
                : "; that is the tenth of the run's pairs that may go again: further disturbed pairs are kept and flagged"));
    }

    /**
     * Whether running the pair of {@code slot} again, on top of the time spent and what the forks
     * still to run should take, would spend more than the run's budget. Under a budget a rerun
     * comes out of it, not on top: the first stage's leave the look less, the second stage's must
     * fit what the look planned.
     */
    private static boolean pastTheBudget(RunState state, ForkProgress progress, List<RoundSchedule.Slot> toRun,
            RoundSchedule.Slot slot) {
        double again = state.done().stream().filter(f -> f.round() == slot.round() && f.configuration() == slot.configuration())
                .mapToDouble(RunState.DoneFork::seconds).sum();
        double left = progress.secondsLeft(toRun);
        return state.secondsSpent() + (Double.isNaN(left) ? 0 : left) + again > state.stages().budgetSeconds();
    }

    /**
     * What a side's forks leave beside their JMH result: latency logs, a line of their own speed
     * in the calibration log, one of the machine's floor in the floor log, and one of their
     * environment in the environment log. A failed fork's are removed, so that neither the report's
     * percentiles nor env.json's fork speeds and floors count a fork that jmh.json does not hold.
     */
    private record Traces(Path dir, Set<Path> latencyLogs, long calibrationLogBytes, long floorLogBytes,
            long environmentLogBytes) {

        static Traces of(Path dir) throws IOException {
            return new Traces(dir, latencyLogs(dir), size(dir.resolve(ForkOptions.CALIBRATION_LOG)),
                    size(dir.resolve(ForkOptions.FLOOR_LOG)), size(dir.resolve(ForkOptions.ENVIRONMENT_LOG)));
        }

        /** The names of the latency logs written since. */
        List<String> latencyLogsSince() throws IOException {
            return latencyLogs(dir).stream().filter(log -> !latencyLogs.contains(log))
                    .map(log -> log.getFileName().toString()).sorted().toList();
        }

        /** The environment the fork wrote since, or null if it wrote none (a jar without the profiler). */
        ForkEnvironment environmentSince() throws IOException {
            Path log = dir.resolve(ForkOptions.ENVIRONMENT_LOG);
            if (size(log) <= environmentLogBytes) {
                return null;
            }
            byte[] all = Files.readAllBytes(log);
            String written = new String(all, (int) environmentLogBytes, all.length - (int) environmentLogBytes,
                    StandardCharsets.UTF_8);
            List<String> lines = written.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? null : ForkEnvironment.of(lines.getLast());
        }

        void removeWhatCameAfter() throws IOException {
            for (Path log : latencyLogs(dir)) {
                if (!latencyLogs.contains(log)) {
                    Files.delete(log);
                }
            }
            truncate(dir.resolve(ForkOptions.CALIBRATION_LOG), calibrationLogBytes);
            truncate(dir.resolve(ForkOptions.FLOOR_LOG), floorLogBytes);
            truncate(dir.resolve(ForkOptions.ENVIRONMENT_LOG), environmentLogBytes);
        }

        private static void truncate(Path file, long bytes) throws IOException {
            if (size(file) > bytes) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(bytes);
                }
            }
        }

        private static Set<Path> latencyLogs(Path dir) throws IOException {
            Path logs = dir.resolve(ForkOptions.LATENCY_DIR);
            if (!Files.isDirectory(logs)) {
                return Set.of();
            }
            try (Stream<Path> files = Files.list(logs)) {
                return files.collect(Collectors.toSet());
            }
        }

        private static long size(Path file) throws IOException {
            return Files.exists(file) ? Files.size(file) : 0;
        }
    }

    /** JMH's reason for a failed fork: the errors its exception carries (as suppressed), first lines only. */
    static String reasonOf(RunnerException e) {
        List<String> reasons = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Throwable error : t.getSuppressed()) {
                reasons.add(firstLine(error));
            }
        }
        return reasons.isEmpty() ? firstLine(e.getCause() != null ? e.getCause() : e) : String.join("; ", reasons);
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
