package dev.cmbench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * How a run begins, its input checked and its output directory held: a new run (the other side
 * of an A/B made ready, an earlier run's files gone, the fork order drawn) or the resumption of
 * the run recorded there, if it was started with the same arguments, code and configurations.
 */
final class RunBeginning {

    private RunBeginning() {
    }

    /** A run ready to go: where its forks go, and what it runs (the configurations both sides have, in an A/B). */
    record Planned(ForkArchive archive, ConfigurationGrid grid) {
    }

    /**
     * A new run: the side to compare against made ready, an earlier run's files gone, the
     * calibration chosen, the fork order drawn.
     */
    static Planned started(Path out, ConfigurationGrid asked, Map<String, BenchmarkListEntry> selected, AbRun ab,
            SuiteCalibration chosen, List<String> arguments, String prior) throws IOException {
        List<Side> sides = new ArrayList<>(List.of(Side.thisTree()));
        Path staging = out.toAbsolutePath().resolveSibling(out.getFileName() + "-against.jar");
        if (ab.active()) {
            sides.add(ab.prepare(staging));
        }
        ConfigurationGrid grid = AbRun.shared(asked, sides, selected);
        if (grid.configurations().isEmpty()) {
            throw new IllegalArgumentException("nothing to run: every selected configuration is skipped"
                    + (ab.active() ? " or missing from " + sides.get(1).describe() : "") + ": " + grid.skipped());
        }
        ForkArchive.clear(out);
        if (ab.active() && sides.get(1).classPath() != null) {
            Path jar = Files.createDirectories(out.resolve(Side.AGAINST)).resolve("benchmarks.jar");
            Files.move(staging, jar, StandardCopyOption.REPLACE_EXISTING);
            sides.set(1, sides.get(1).withClassPath(jar.toAbsolutePath().toString()));
        }
        System.out.println("cmbench: compute calibration " + chosen.calibration().unitsPerMicro() + " units/µs ("
                + chosen.source() + "), handed to every fork" + (ab.active() ? " of both sides" : ""));
        List<Configuration> configurations = grid.configurations();
        int forks = configurations.stream().mapToInt(Configuration::forks).sum() * sides.size();
        System.out.println("cmbench: " + configurations.size() + " configurations, " + forks + " forks in "
                + RoundSchedule.rounds(configurations) + " rounds, each round in a random order"
                + (ab.active() ? "; A/B: this tree against " + sides.get(1).describe() + ", in every round a fork "
                + "of each side back to back for every configuration" : "")
                + (ab.budgetSeconds() > 0 ? "; budget " + TimeBudget.minutes(ab.budgetSeconds()) + ": these rounds are"
                + " the first stage, then a look and a second stage " + (ab.active() ? "for what they leave undecided"
                : "for the widest intervals") : ""));
        ForkArchive archive = ForkArchive.start(out, new RunState(RunState.RUNNING, ProcessHandle.current().pid(),
                Instant.now().toString(), arguments, CodeFingerprint.ofThisRunner(), new SecureRandom().nextLong(),
                chosen.calibration().unitsPerMicro(), chosen.source(), sides,
                configurations.stream().map(Configuration::label).toList(), forks, List.of(), List.of(),
                ab.budgetSeconds() > 0 ? StagePlan.of(ab.budgetSeconds(), configurations.getFirst().forks(),
                        prior.isBlank() ? null : Path.of(prior).toAbsolutePath().toString()) : null, List.of()));
        return new Planned(archive, grid);
    }

    /** The run recorded in OUT, if it was started with these arguments, the same code and the same configurations. */
    static Planned resumed(Path out, ConfigurationGrid asked, Map<String, BenchmarkListEntry> selected,
            List<String> arguments) throws IOException {
        ForkArchive archive = ForkArchive.resume(out);
        RunState state = archive.state();
        if (!state.arguments().equals(arguments)) {
            throw new IllegalArgumentException("cannot resume: the run in " + out + " was started with "
                    + String.join(" ", state.arguments()) + ", not " + String.join(" ", arguments));
        }
        if (!state.code().equals(CodeFingerprint.ofThisRunner())) {
            throw new IllegalArgumentException("cannot resume: the benchmarks were rebuilt from other code since the run "
                    + "in " + out + " started; start a new run");
        }
        ConfigurationGrid grid = AbRun.shared(asked, state.sides(), selected);
        if (!state.configurations().equals(grid.configurations().stream().map(Configuration::label).toList())) {
            throw new IllegalArgumentException("cannot resume: the benchmarks now have other configurations than "
                    + "when the run in " + out + " started");
        }
        System.out.println("cmbench: resuming the run started " + state.startedAt() + ": " + state.forksLine()
                + " done; calibration " + state.unitsPerMicro() + " units/µs (" + state.calibrationSource() + ")");
        return new Planned(archive, grid);
    }
}
