package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.stat.StatUtils;

/**
 * How far the mean of a figure moves between two runs of the same code an hour apart, beyond
 * what the spread of their forks explains: the between-run variance {@code σb²} that a
 * three-fork spread within one run leaves out (the published repeat landed inside the within-run
 * intervals on 91 % of its figures where 95 % was claimed, 13 of its 16 misses the same way).
 *
 * <p>Estimated from repeat pairs, never from the run whose repeat it will judge. For each figure
 * in both runs of a pair, on its {@link IntervalScale} (relative: a difference of logs), the
 * difference of the two runs' fork means {@code d} has expectation {@code d² = 2σb² + s₁²/n₁ + s₂²/n₂};
 * so each figure gives {@code (d² − s₁²/n₁ − s₂²/n₂) / 2}, and their mean over a family (a
 * benchmark method and metric: a lock's rounds move with the host more than a batch's makespan)
 * is its {@code σb²}. A family of few figures leans on all families pooled: its estimate is the
 * pooled one counted as {@value #POOLED_WEIGHT} figures, plus its own ({@code (Σ + k·σ²pooled) / (m + k)}),
 * and a family no pair has gets the pooled one. Negative sums (forks that spread more than the
 * runs moved) count as zero.
 *
 * <p>What one repeat pair cannot tell: a shift of a whole run (the host faster for an hour) is
 * seen once per pair, so with one pair its size is a guess from one draw; more pairs make it firmer.
 *
 * @param pairs   the pairs it rests on, "first.json ↔ second.json"
 * @param families by family ({@link #family}), the sum of the figures' contributions and their count
 */
public record BetweenRuns(List<String> pairs, Map<String, Component> families, Component pooled) {

    /** How many figures the pooled estimate counts as in a family's. */
    static final int POOLED_WEIGHT = 5;

    /**
     * A between-run variance (relative: on the log scale, or over the value on the raw one) and
     * the degrees of freedom it rests on.
     */
    public record Component(double variance, int degrees) {
    }

    /** One run and its repeat. */
    public record Pair(ResultSet first, ResultSet second) {
    }

    /** No pairs: the intervals hold the spread within a run only. */
    public static BetweenRuns none() {
        return new BetweenRuns(List.of(), Map.of(), null);
    }

    public boolean known() {
        return pooled != null;
    }

    /** The family of a figure: the benchmark's class and method, and the figure's name where it is not the score. */
    static String family(JmhResult r, String series) {
        return r.simpleClassName() + "." + r.method() + (series.isEmpty() ? "" : " · " + series);
    }

    /** The estimate from {@code pairs}; {@link #none()} for no pair or no figure that both runs of a pair have. */
    public static BetweenRuns estimate(List<Pair> pairs) {
        Map<String, List<Double>> contributions = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            Map<JmhResult.Key, JmhResult> second = new HashMap<>();
            pair.second().results().forEach(r -> second.put(r.key(), r));
            for (JmhResult first : pair.first().results()) {
                JmhResult other = second.get(first.key());
                if (other == null || first.failed() || other.failed()) {
                    continue;
                }
                Map<String, ForkSeries> theirs = new HashMap<>();
                ForkSeries.all(other, pair.second()).forEach(s -> theirs.put(s.name(), s));
                for (ForkSeries ours : ForkSeries.all(first, pair.first())) {
                    contribution(ours, theirs.get(ours.name())).ifPresent(c -> contributions
                            .computeIfAbsent(family(first, ours.name()), k -> new ArrayList<>()).add(c));
                }
            }
        }
        List<Double> all = contributions.values().stream().flatMap(List::stream).toList();
        if (all.isEmpty()) {
            return none();
        }
        double pooledVariance = Math.max(0, all.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        Map<String, Component> families = new LinkedHashMap<>();
        contributions.forEach((family, values) -> {
            double sum = values.stream().mapToDouble(Double::doubleValue).sum();
            families.put(family, new Component(Math.max(0, (sum + POOLED_WEIGHT * pooledVariance)
                    / (values.size() + POOLED_WEIGHT)), values.size() + POOLED_WEIGHT));
        });
        return new BetweenRuns(pairs.stream().map(p -> p.first().file() + " ↔ " + p.second().file()).toList(),
                families, new Component(pooledVariance, all.size()));
    }

    /** The component for a figure: its family's, else the pooled one; null when none is known. */
    public Component of(JmhResult r, String series) {
        return families.getOrDefault(family(r, series), pooled);
    }

    /** One figure's {@code (d² − s₁²/n₁ − s₂²/n₂) / 2}, relative, on the first run's scale. */
    private static Optional<Double> contribution(ForkSeries first, ForkSeries second) {
        IntervalScale scale = first.scale();
        if (second == null || !scale.takes(second.values())) {
            return Optional.empty();
        }
        double[] a = scale.apply(first.values());
        double[] b = scale.apply(second.values());
        double centre = StatUtils.mean(a);
        double d = scale.relative(StatUtils.mean(b) - centre, centre);
        double spreadA = scale.relative(Math.sqrt(StatUtils.variance(a) / a.length), centre);
        double spreadB = scale.relative(Math.sqrt(StatUtils.variance(b) / b.length), centre);
        double value = (d * d - spreadA * spreadA - spreadB * spreadB) / 2;
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }
}
