package dev.cmbench.suite;

import dev.cmbench.analysis.stats.TwoStage;
import java.util.ArrayList;
import java.util.List;

/**
 * A run under a time budget ({@code -Dbench.budget}). An A/B run: a first stage of
 * {@code firstStagePairs} pairs of every configuration, a look ({@link StageLook}), then a second
 * stage for the configurations the first left undecided, cheapest first, as far as the budget goes.
 * A run without another side (a publish run) has forks where an A/B has pairs, and its look
 * ({@link IntervalLook}) gives the second stage's forks to the widest intervals. The second
 * stage's planned pairs are fixed before any fork, since they fix the weights of the two-stage test
 * ({@link TwoStage}); how many a configuration gets is the look's, recorded here so that a resumed
 * run runs the same plan.
 *
 * @param budgetSeconds           the forks' time the run may spend, both sides, both stages
 * @param firstStagePairs         k₁: pairs (forks, in a run without another side) of every configuration before the look
 * @param plannedSecondStagePairs k₂: the pairs planned for a configuration that goes on; the look
 *                                gives from k₂ up to {@link #MOST_SECOND_STAGE_FACTOR} × k₂
 * @param secondStagePairs        per configuration in grid order, the pairs the look gave it; null before the look
 * @param priorRun                an earlier A/B run's directory whose pair spreads the look shrinks the first
 *                                stage's towards ({@code -Dbench.prior}), or null
 */
record StagePlan(long budgetSeconds, int firstStagePairs, int plannedSecondStagePairs, List<Integer> secondStagePairs,
        String priorRun) {

    /** k₁ when neither {@code --pairs} nor {@code -f} says. */
    static final int FIRST_STAGE_PAIRS = 3;

    /** k₁ of a run without another side when {@code -f} does not say: the fewest forks that give an interval. */
    static final int FIRST_STAGE_FORKS = 2;

    /** The most pairs a configuration gets in the second stage, as a multiple of the planned k₂. */
    static final int MOST_SECOND_STAGE_FACTOR = 2;

    /** A plan before the look: k₂ planned at twice k₁. */
    static StagePlan of(long budgetSeconds, int firstStagePairs) {
        return of(budgetSeconds, firstStagePairs, null);
    }

    /** A plan before the look whose look reads an earlier run's pair spreads from {@code priorRun} (or null). */
    static StagePlan of(long budgetSeconds, int firstStagePairs, String priorRun) {
        return new StagePlan(budgetSeconds, firstStagePairs, 2 * firstStagePairs, null, priorRun);
    }

    boolean looked() {
        return secondStagePairs != null;
    }

    StagePlan afterTheLook(List<Integer> pairs) {
        return new StagePlan(budgetSeconds, firstStagePairs, plannedSecondStagePairs, List.copyOf(pairs), priorRun);
    }

    /** The grid's configurations with the forks this plan gives them so far: k₁, plus the second stage's after the look. */
    List<Configuration> configurations(List<Configuration> grid) {
        List<Configuration> planned = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            Configuration c = grid.get(i);
            int forks = firstStagePairs + (looked() ? secondStagePairs.get(i) : 0);
            planned.add(new Configuration(c.benchmark(), c.mode(), c.params(), forks, c.jmhForks()));
        }
        return planned;
    }

    /** The test these stages are analysed with. */
    TwoStage test() {
        return new TwoStage(firstStagePairs, plannedSecondStagePairs);
    }
}
