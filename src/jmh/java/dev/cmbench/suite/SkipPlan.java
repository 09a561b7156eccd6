package dev.cmbench.suite;

import dev.cmbench.bench.SkipRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Splits one benchmark's parameter grid into JMH runs that hold only configurations it can run
 * here, and the list of those skipped by design, each with its reason.
 *
 * <p>JMH runs the full cartesian product of a run's parameters, so a grid with holes becomes
 * several runs: one for every value of the first grid parameter (the model) whose sub-grid has
 * no hole, and for each value with holes, one run per combination of the middle parameters
 * with the allowed values of the last (the size).
 */
final class SkipPlan {

    /** One JMH run of the benchmark: the values of each of its parameters. */
    record Run(Map<String, List<String>> params) {
    }

    /** One configuration left out, with the reason the report shows. */
    record Skipped(String benchmark, Map<String, String> params, String reason) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    /** Plans {@code benchmark}'s grid, whose values for each parameter {@code valuesOf} gives. */
    static SkipPlan of(String benchmark, SkipRule rule, Function<String, List<String>> valuesOf) {
        List<String> grid = rule.grid();
        String first = grid.get(0);
        String last = grid.get(grid.size() - 1);
        List<String> middle = grid.subList(1, grid.size() - 1);
        SkipPlan plan = new SkipPlan();
        List<String> withoutHoles = new ArrayList<>();
        for (String head : valuesOf.apply(first)) {
            List<Run> headRuns = new ArrayList<>();
            boolean holes = false;
            for (Map<String, String> combination : combinations(middle, valuesOf)) {
                List<String> allowed = new ArrayList<>();
                for (String tail : valuesOf.apply(last)) {
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put(first, head);
                    params.putAll(combination);
                    params.put(last, tail);
                    Optional<String> reason = rule.cannotRun(params);
                    if (reason.isPresent()) {
                        plan.skipped.add(new Skipped(benchmark, params, reason.get()));
                        holes = true;
                    } else {
                        allowed.add(tail);
                    }
                }
                if (!allowed.isEmpty()) {
                    Map<String, List<String>> run = new LinkedHashMap<>();
                    run.put(first, List.of(head));
                    combination.forEach((k, v) -> run.put(k, List.of(v)));
                    run.put(last, allowed);
                    headRuns.add(new Run(run));
                }
            }
            if (holes) {
                plan.runs.addAll(headRuns);
            } else {
                withoutHoles.add(head);
            }
        }
        if (!withoutHoles.isEmpty()) {
            Map<String, List<String>> run = new LinkedHashMap<>();
            grid.forEach(name -> run.put(name, name.equals(first) ? withoutHoles : valuesOf.apply(name)));
            plan.runs.add(0, new Run(run));
        }
        return plan;
    }

    /** Every combination of values of {@code names}, in order. */
    private static List<Map<String, String>> combinations(List<String> names, Function<String, List<String>> valuesOf) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (String name : names) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : valuesOf.apply(name)) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(name, value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    List<Run> runs() {
        return runs;
    }

    List<Skipped> skipped() {
        return skipped;
    }
}
