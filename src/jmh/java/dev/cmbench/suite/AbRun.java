package dev.cmbench.suite;

import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * What the user asked of an A/B run: the side to measure this tree against (a commit, a JVM, JVM
 * options) and the number of pairs. Checked before anything runs; the side itself is made ready
 * by {@link AgainstSide}.
 *
 * @param against a commit-ish, or blank
 * @param jvm     a {@code java} executable, or blank
 * @param jvmArgs JVM options, or blank
 * @param pairs   forks per side and configuration, or 0 for the run's {@code -f}, else {@link #DEFAULT_PAIRS}
 *                (under a budget: the first stage's, else {@link StagePlan#FIRST_STAGE_PAIRS})
 * @param budgetSeconds the forks' time the run may spend in two stages ({@link StagePlan}), or 0 for none; a
 *                run without another side spends it too, on the widest intervals ({@link IntervalLook})
 * @param prior   an earlier A/B run's directory, whose pair spreads steer the look under a budget, or blank
 */
record AbRun(String against, String jvm, String jvmArgs, int pairs, long budgetSeconds, String prior) {

    /** Pairs when neither {@code --pairs} nor {@code -f} says: the quick settings' one fork cannot be tested. */
    static final int DEFAULT_PAIRS = 5;

    boolean active() {
        return !against.isBlank() || !jvm.isBlank() || !jvmArgs.isBlank();
    }

    /** Why the run, writing to {@code out}, cannot start, in one line, or empty. */
    Optional<String> problem(String baseline, CommandLineOptions user, Path out) {
        if (!active() && budgetSeconds > 0 && user.getForkCount().orElse(StagePlan.FIRST_STAGE_FORKS) < 2) {
            return Optional.of("a run under a time budget (-Dbench.budget) needs 2 forks or more of every configuration"
                    + " in its first stage, for an interval to spend the rest on: give -f 2 or more, or no -f");
        }
        if (!prior.isBlank()) {
            Optional<String> problem = priorProblem(out);
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (!active()) {
            return pairs != 0 ? Optional.of("pairs are for an A/B run; name its other side (-Dbench.against=REF, "
                    + "-Dbench.againstJvm=JAVA or -Dbench.againstJvmArgs=OPTIONS), or give a plain run JMH's -f") : Optional.empty();
        }
        if (!baseline.isBlank()) {
            return Optional.of("an A/B run measures its own baseline: give -Dbench.against (or againstJvm, againstJvmArgs) "
                    + "or -Dbench.baseline, not both");
        }
        int forks = pairs(user) > 0 ? pairs(user) : user.getForkCount().orElse(DEFAULT_PAIRS);
        if (forks < 2) {
            return Optional.of("an A/B run needs 2 pairs or more (-Dbench.pairs=N): one pair cannot tell a change from "
                    + "the variance between rounds");
        }
        try {
            if (!against.isBlank()) {
                AgainstSide.resolve(against);
            }
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        return jvm.isBlank() && jvmArgs.isBlank() ? Optional.empty() : AgainstSide.jvmProblem(jvm, jvmArgs);
    }

    /**
     * Why the prior run cannot steer this run's look: the run's own {@code out} (which a new run
     * clears first), not an A/B under a budget, or not an A/B run's results.
     */
    private Optional<String> priorProblem(Path out) {
        if (Path.of(prior).toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            return Optional.of("the prior run " + prior + " is where this run writes, and a new run clears it first: copy"
                    + " the earlier run elsewhere and name the copy");
        }
        if (!active() || budgetSeconds == 0) {
            return Optional.of("a prior run (-Dbench.prior) steers the look of an A/B run under a time budget: give"
                    + " -Dbench.against (or againstJvm, againstJvmArgs) and -Dbench.budget too");
        }
        Path dir = Path.of(prior);
        for (Path results : List.of(dir.resolve("jmh.json"), dir.resolve(Side.AGAINST).resolve("jmh.json"))) {
            try {
                ResultSet.read(results);
            } catch (InputException e) {
                return Optional.of("the prior run " + dir + " is not an A/B run's directory (its jmh.json and "
                        + Side.AGAINST + "/jmh.json, as in target/bench): " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Forks per configuration the grid gives every configuration, or 0 to leave it to {@code -f} and the settings. */
    int pairs(CommandLineOptions user) {
        if (!active()) {
            return budgetSeconds > 0 && !user.getForkCount().hasValue() ? StagePlan.FIRST_STAGE_FORKS : 0;
        }
        return pairs > 0 ? pairs : user.getForkCount().hasValue() ? 0
                : budgetSeconds > 0 ? StagePlan.FIRST_STAGE_PAIRS : DEFAULT_PAIRS;
    }

    /** The other side, made ready: another commit's jar built and copied to {@code staging}. */
    Side prepare(Path staging) throws IOException {
        return AgainstSide.prepare(against, jvm, jvmArgs, staging);
    }

    /** {@code grid} less what the other side of {@code sides} (if any) does not have. */
    static ConfigurationGrid shared(ConfigurationGrid grid, List<Side> sides, Map<String, BenchmarkListEntry> selected)
            throws IOException {
        if (sides.size() < 2) {
            return grid;
        }
        return grid.sharedWith(benchmarksOf(sides.get(1)), selected, sides.get(1).describe());
    }

    /** The benchmarks a side's forks can run, by name, with their annotated parameter values: its jar's, or this tree's. */
    private static Map<String, Map<String, String[]>> benchmarksOf(Side side) throws IOException {
        Collection<BenchmarkListEntry> entries;
        if (side.classPath() == null) {
            entries = SuiteRunner.select(List.of(), List.of()).values();
        } else {
            try {
                entries = AgainstSide.benchmarkList(Path.of(side.classPath())).stream().map(BenchmarkListEntry::new).toList();
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the benchmark list of " + side.describe() + ": " + e.getMessage());
            }
        }
        Map<String, Map<String, String[]>> benchmarks = new TreeMap<>();
        for (BenchmarkListEntry entry : entries) {
            benchmarks.putIfAbsent(entry.getUsername(), entry.getParams().hasValue() ? entry.getParams().get() : Map.of());
        }
        return benchmarks;
    }
}
