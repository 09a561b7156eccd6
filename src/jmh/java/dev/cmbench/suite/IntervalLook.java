package dev.cmbench.suite;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The look of a run under a time budget with no other side, such as a publish run
 * ({@code -Dbench.full -Dbench.budget=90m}): after the first stage's forks of every configuration,
 * the budget left goes one fork at a time to the configuration whose interval is then the widest,
 * instead of the same count everywhere. A configuration's interval is its fork means' 95 %
 * t-interval, relative (on the log scale), of its figure ({@link ForkValue}: the headline metric
 * where the benchmark names one, else the primary score).
 *
 * <p>Two or three forks say little of a configuration's spread: the look shrinks each halfway
 * towards the pooled spread of its benchmark's configurations. Measured on the A/A and A/B runs of
 * the gate issue, a half-way shrink predicted a configuration's later spread better than its own
 * first forks did (the median error of the 2-fork estimate a factor of e^0.64 against e^0.71). The
 * look only steers the budget; the intervals the report shows come from the forks alone.
 */
final class IntervalLook {

    /** A configuration the look can give forks to: its index, what a fork of it costs, its spread, its forks so far. */
    private static final class Candidate {
        final int configuration;
        final double forkSeconds;
        final double spread;
        int forks;
        /** The relative half-width of its 95 % interval with its forks so far. */
        double halfWidth;

        Candidate(int configuration, double forkSeconds, double spread, int forks) {
            this.configuration = configuration;
            this.forkSeconds = forkSeconds;
            this.spread = spread;
            this.forks = forks;
            this.halfWidth = halfWidth(forks);
        }

        void oneMore() {
            forks++;
            halfWidth = halfWidth(forks);
        }

        private double halfWidth(int n) {
            return new TDistribution(n - 1).inverseCumulativeProbability(0.975) * spread / Math.sqrt(n);
        }
    }

    private IntervalLook() {
    }

    /**
     * The second stage's forks of every configuration (grid order), from the first stage's fork
     * values in {@code state}: one at a time to the widest interval while the budget lasts, up to
     * {@link StagePlan#MOST_SECOND_STAGE_FACTOR} × k₂ each.
     */
    static List<Integer> moreForks(List<Configuration> configurations, RunState state, StagePlan plan,
            PrintStream console) {
        List<Integer> forks = new ArrayList<>(configurations.stream().map(c -> 0).toList());
        double left = plan.budgetSeconds() - state.secondsSpent();
        console.println("cmbench: budget " + TimeBudget.minutes(plan.budgetSeconds()) + ": the first stage, "
                + plan.firstStagePairs() + " forks of " + configurations.size() + " configurations, took "
                + TimeBudget.minutes(state.secondsSpent()) + "; " + TimeBudget.minutes(Math.max(0, left)) + " left");
        List<Candidate> candidates = candidates(configurations, state);
        Map<Integer, Double> before = new HashMap<>();
        candidates.forEach(c -> before.put(c.configuration, c.halfWidth));
        int most = StagePlan.MOST_SECOND_STAGE_FACTOR * plan.plannedSecondStagePairs();
        double budget = left;
        while (true) {
            Candidate widest = null;
            for (Candidate c : candidates) {
                boolean open = forks.get(c.configuration) < most && c.forkSeconds <= budget && c.spread > 0;
                if (open && (widest == null || c.halfWidth > widest.halfWidth)) {
                    widest = c;
                }
            }
            if (widest == null) {
                break;
            }
            widest.oneMore();
            forks.set(widest.configuration, forks.get(widest.configuration) + 1);
            budget -= widest.forkSeconds;
        }
        List<Candidate> given = candidates.stream().filter(c -> forks.get(c.configuration) > 0)
                .sorted((a, b) -> Double.compare(before.get(b.configuration), before.get(a.configuration))).toList();
        console.printf(Locale.ROOT, "cmbench: the look: %d more forks for %d of %d configurations, about %s, the widest"
                + " intervals first%n", forks.stream().mapToInt(Integer::intValue).sum(), given.size(), configurations.size(),
                TimeBudget.minutes(given.stream().mapToDouble(c -> c.forkSeconds * forks.get(c.configuration)).sum()));
        given.forEach(c -> console.printf(Locale.ROOT, "cmbench:   %d forks (%.1f s a fork; ±%.1f %% with %d, about"
                + " ±%.1f %% with %d) %s%n", forks.get(c.configuration), c.forkSeconds,
                100 * before.get(c.configuration), plan.firstStagePairs(), 100 * c.halfWidth, c.forks,
                configurations.get(c.configuration).label()));
        return forks;
    }

    /**
     * Every configuration whose first-stage forks all have a positive value, with its spread shrunk
     * halfway towards its benchmark's pooled spread.
     */
    private static List<Candidate> candidates(List<Configuration> configurations, RunState state) {
        Map<Integer, List<RunState.DoneFork>> forksByConfiguration = state.done().stream()
                .collect(Collectors.groupingBy(RunState.DoneFork::configuration));
        Map<Integer, double[]> logsByConfiguration = new HashMap<>();
        Map<String, List<Double>> variancesByBenchmark = new HashMap<>();
        forksByConfiguration.forEach((index, forks) -> {
            double[] logs = forks.stream().mapToDouble(f -> f.value() == null ? Double.NaN : Math.log(f.value().mean()))
                    .toArray();
            if (logs.length >= 2 && Arrays.stream(logs).allMatch(Double::isFinite)) { // else a failed or empty fork
                logsByConfiguration.put(index, logs);
                variancesByBenchmark.computeIfAbsent(configurations.get(index).benchmark(), b -> new ArrayList<>())
                        .add(StatUtils.variance(logs));
            }
        });
        List<Candidate> candidates = new ArrayList<>();
        logsByConfiguration.forEach((index, logs) -> {
            double pooled = variancesByBenchmark.get(configurations.get(index).benchmark()).stream()
                    .mapToDouble(Double::doubleValue).average().orElseThrow();
            double seconds = forksByConfiguration.get(index).stream().mapToDouble(RunState.DoneFork::seconds).average()
                    .orElseThrow();
            candidates.add(new Candidate(index, seconds, Math.sqrt((StatUtils.variance(logs) + pooled) / 2), logs.length));
        });
        return candidates;
    }
}
