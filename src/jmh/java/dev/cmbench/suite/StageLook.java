package dev.cmbench.suite;

import dev.cmbench.analysis.read.CompareConfig;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.stats.Comparison;
import dev.cmbench.analysis.stats.FamilyVerdicts;
import dev.cmbench.analysis.stats.SecondStage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The look between the stages of an A/B run under a time budget ({@link StagePlan}): the first
 * stage's pairs compared as the gate will compare them, then the budget left given to the
 * configurations still undecided, cheapest pair first: pairs planned for the larger of the
 * threshold and the first stage's estimate ({@link SecondStage}). Each gets the planned k₂ pairs
 * while the budget lasts; what is left after that adds pairs to them all, up to twice k₂. Long
 * shots, the ones whose first-stage spread says more pairs than that would be needed, come last
 * rather than never: three pairs estimate a spread poorly, and the last A/B that left them out
 * lost three of the batches the change had moved. The console says what was decided, where the
 * minutes go and what is left undecided.
 */
final class StageLook {

    /**
     * A configuration still undecided after the first stage: its index, what a pair of it costs, the
     * change its pairs are planned for, from what spread, and the pairs in all that would detect it;
     * a long shot when that is more than the plan's most, by a first-stage spread that three pairs
     * estimate poorly.
     */
    private record Candidate(int configuration, double pairSeconds, SecondStage.Undecided undecided, boolean longShot) {
    }

    private StageLook() {
    }

    /**
     * The second stage's pairs of every configuration (grid order), from the first stage's forks in
     * {@code out}; all 0 when nothing is undecided, the budget is spent, or the first stage cannot be read.
     */
    static List<Integer> secondStage(Path out, List<Configuration> configurations, RunState state, StagePlan plan,
            PrintStream console) {
        List<Integer> pairs = new ArrayList<>(configurations.stream().map(c -> 0).toList());
        double spent = state.secondsSpent();
        double left = plan.budgetSeconds() - spent;
        console.println("cmbench: budget " + TimeBudget.minutes(plan.budgetSeconds()) + ": the first stage, "
                + plan.firstStagePairs() + " pairs of " + configurations.size() + " configurations, took "
                + TimeBudget.minutes(spent) + "; " + TimeBudget.minutes(Math.max(0, left)) + " left");
        List<SecondStage.Undecided> undecided;
        try {
            undecided = firstStage(out, plan, console);
        } catch (InputException e) {
            console.println("cmbench: no second stage: the first stage cannot be compared: " + e.getMessage());
            return pairs;
        }
        List<Candidate> candidates = new ArrayList<>();
        int most = plan.firstStagePairs() + StagePlan.MOST_SECOND_STAGE_FACTOR * plan.plannedSecondStagePairs();
        for (SecondStage.Undecided u : undecided) {
            int index = indexOf(u.key(), configurations);
            double pairSeconds = pairSeconds(state, index, plan.firstStagePairs());
            if (index < 0 || Double.isNaN(pairSeconds) || !Double.isFinite(u.spread())) {
                continue; // not a configuration of this run, or a first-stage fork of it failed
            }
            boolean longShot = u.pairsNeeded().isEmpty() || u.pairsNeeded().getAsInt() > most;
            candidates.add(new Candidate(index, pairSeconds, u, longShot));
        }
        candidates.sort(Comparator.comparing(Candidate::longShot).thenComparingDouble(Candidate::pairSeconds));
        List<Candidate> given = allocate(candidates, pairs, left, plan);
        console.println("cmbench: the look: " + undecided.size() + " of " + configurations.size()
                + " configurations undecided after the first stage; " + given.size() + (given.size() == 1 ? " goes" : " go")
                + " on to a second stage"
                + (given.isEmpty() ? "" : " of " + range(given, pairs) + " pairs each, about "
                + TimeBudget.minutes(given.stream().mapToDouble(c -> c.pairSeconds() * pairs.get(c.configuration())).sum())
                + ", cheapest pair first, long shots last"));
        given.forEach(c -> console.printf(Locale.ROOT, "cmbench:   %d pairs (%.1f s a pair; %s would detect a %.1f %% change"
                + " at a pair spread of %.1f %%%s) %s%n", pairs.get(c.configuration()), c.pairSeconds(),
                c.longShot() ? "a long shot: more than " + most + " pairs" : c.undecided().pairsNeeded().getAsInt() + " in all",
                100 * c.undecided().plannedChange(), 100 * c.undecided().spread(),
                c.undecided().priorPairs() > 0 ? ", with " + c.undecided().priorPairs() + " pairs of the prior run" : "",
                configurations.get(c.configuration()).label()));
        List<String> outOfBudget = candidates.stream().filter(c -> pairs.get(c.configuration()) == 0)
                .map(c -> configurations.get(c.configuration()).label()).toList();
        if (!outOfBudget.isEmpty()) {
            console.println("cmbench: left undecided, beyond the budget: " + String.join("; ", outOfBudget));
        }
        return pairs;
    }

    /** What the run spent of its budget, stage by stage, once it has run. */
    static String spent(RunState state, StagePlan plan) {
        double first = state.rerun().stream().filter(r -> r.round() < plan.firstStagePairs())
                .mapToDouble(RunState.RerunPair::seconds).sum();
        double second = state.rerun().stream().filter(r -> r.round() >= plan.firstStagePairs())
                .mapToDouble(RunState.RerunPair::seconds).sum();
        for (RunState.DoneFork fork : state.done()) {
            if (fork.round() < plan.firstStagePairs()) {
                first += fork.seconds();
            } else {
                second += fork.seconds();
            }
        }
        return "cmbench: budget " + TimeBudget.minutes(plan.budgetSeconds()) + ": spent " + TimeBudget.minutes(first + second)
                + ", the first stage " + TimeBudget.minutes(first) + " and the second " + TimeBudget.minutes(second);
    }

    /**
     * The first stage compared as the gate compares it, its figures' undecided results; its family
     * lines on the console (a family found slower here already fails the gate).
     */
    private static List<SecondStage.Undecided> firstStage(Path out, StagePlan plan, PrintStream console)
            throws InputException {
        ResultSet current = ResultSet.read(out.resolve("jmh.json"));
        CompareConfig config = CompareConfig.defaults().with(null, null,
                current.environment().headlineMetrics().values().stream().distinct().toList());
        FamilyVerdicts.Grouping grouping = new FamilyVerdicts.Grouping(current.environment().headlineMetrics(),
                AnalyzerHandover.FAMILY_BY);
        Comparison.Outcome outcome = Comparison.compare(ResultSet.read(out.resolve(Side.AGAINST).resolve("jmh.json")),
                current, config, true, grouping, plan.test());
        outcome.families().forEach(f -> console.printf(Locale.ROOT, "cmbench: at the look, family %s: %s %+.1f %%%n",
                f.name(), f.verdict().word.toUpperCase(Locale.ROOT), 100 * (f.slowdown() - 1)));
        return SecondStage.undecided(outcome, grouping, priorPairs(plan, config, grouping, console));
    }

    /** The pairs of the earlier run the plan names, by result; empty (the console says why) if it names none or cannot be read. */
    private static Map<JmhResult.Key, double[]> priorPairs(StagePlan plan, CompareConfig config,
            FamilyVerdicts.Grouping grouping, PrintStream console) {
        if (plan.priorRun() == null) {
            return Map.of();
        }
        Path prior = Path.of(plan.priorRun());
        try {
            Map<JmhResult.Key, double[]> pairs = SecondStage.pairs(Comparison.compare(ResultSet.read(
                    prior.resolve(Side.AGAINST).resolve("jmh.json")), ResultSet.read(prior.resolve("jmh.json")), config,
                    true, grouping), grouping);
            console.println("cmbench: the look plans from each result's first-stage spread shrunk towards its spread in "
                    + prior + " (" + pairs.size() + (pairs.size() == 1 ? " result)" : " results)"));
            return pairs;
        } catch (InputException e) {
            console.println("cmbench: the prior run " + prior + " cannot be read (" + e.getMessage()
                    + "): the look plans from the first stage alone");
            return Map.of();
        }
    }

    /**
     * Gives each candidate, cheapest first, the planned k₂ pairs while the budget lasts, then one
     * pair more to each in turn while it lasts, up to {@link StagePlan#MOST_SECOND_STAGE_FACTOR} × k₂.
     */
    private static List<Candidate> allocate(List<Candidate> candidates, List<Integer> pairs, double left, StagePlan plan) {
        List<Candidate> given = new ArrayList<>();
        double budget = left;
        for (Candidate c : candidates) {
            double cost = c.pairSeconds() * plan.plannedSecondStagePairs();
            if (cost <= budget) {
                pairs.set(c.configuration(), plan.plannedSecondStagePairs());
                budget -= cost;
                given.add(c);
            }
        }
        int most = StagePlan.MOST_SECOND_STAGE_FACTOR * plan.plannedSecondStagePairs();
        boolean added = true;
        while (added) {
            added = false;
            for (Candidate c : given) {
                if (pairs.get(c.configuration()) < most && c.pairSeconds() <= budget) {
                    pairs.set(c.configuration(), pairs.get(c.configuration()) + 1);
                    budget -= c.pairSeconds();
                    added = true;
                }
            }
        }
        return given;
    }

    /** What a pair of configuration {@code index} cost in the first stage; NaN if it lacks a first-stage fork. */
    private static double pairSeconds(RunState state, int index, int firstStagePairs) {
        List<RunState.DoneFork> forks = state.done().stream().filter(f -> f.configuration() == index).toList();
        if (index < 0 || forks.size() < 2 * firstStagePairs) {
            return Double.NaN;
        }
        return forks.stream().mapToDouble(RunState.DoneFork::seconds).sum() / firstStagePairs;
    }

    /** The configuration a result is of: the same benchmark, mode and parameters; -1 if none. */
    static int indexOf(JmhResult.Key key, List<Configuration> configurations) {
        for (int i = 0; i < configurations.size(); i++) {
            Configuration c = configurations.get(i);
            if (c.benchmark().equals(key.benchmark()) && c.mode().shortLabel().equals(key.mode())
                    && Objects.equals(c.params(), key.params())) {
                return i;
            }
        }
        return -1;
    }

    private static String range(List<Candidate> given, List<Integer> pairs) {
        List<Integer> counts = given.stream().map(c -> pairs.get(c.configuration())).sorted().toList();
        return counts.getFirst().equals(counts.getLast()) ? counts.getFirst().toString()
                : counts.getFirst() + "-" + counts.getLast();
    }
}
