package dev.cmbench.suite;

import dev.cmbench.bench.BatchBenchmark;
import dev.cmbench.model.ModelKind;
import dev.cmbench.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Splits the batch benchmark's parameter grid into JMH runs that contain only configurations the
 * models can run here, and the list of those skipped by design, each with its reason.
 *
 * <p>JMH runs the full cartesian product of a run's parameters, so a grid with holes becomes
 * several runs: one for all models without a hole, and for each model with holes one per fixed
 * value of every other parameter, with the task counts that are allowed.
 */
final class BatchPlan {

    static final String BENCHMARK = BatchBenchmark.class.getName() + ".makespan";
    static final List<String> PARAMS = List.of("model", "workload", "tasks", "poolSize", "tasksPerWorker");

    /** One JMH run: the values of each batch parameter. */
    record Run(Map<String, List<String>> params) {
    }

    /** One configuration left out, with the reason the report shows. */
    record Skipped(String benchmark, Map<String, String> params, String reason) {
    }

    private final List<Run> runs = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    /** Plans the grid whose values for each parameter {@code valuesOf} gives. */
    static BatchPlan of(Function<String, List<String>> valuesOf) {
        BatchPlan plan = new BatchPlan();
        List<String> modelsWithoutHoles = new ArrayList<>();
        for (String model : valuesOf.apply("model")) {
            List<Run> modelRuns = new ArrayList<>();
            boolean anySkipped = false;
            for (String workload : valuesOf.apply("workload")) {
                for (String poolSize : valuesOf.apply("poolSize")) {
                    for (String perWorker : valuesOf.apply("tasksPerWorker")) {
                        List<String> allowed = new ArrayList<>();
                        for (String tasks : valuesOf.apply("tasks")) {
                            Map<String, String> params = params(model, workload, tasks, poolSize, perWorker);
                            Optional<String> reason = cannotRun(params);
                            if (reason.isPresent()) {
                                plan.skipped.add(new Skipped(BENCHMARK, params, reason.get()));
                                anySkipped = true;
                            } else {
                                allowed.add(tasks);
                            }
                        }
                        if (!allowed.isEmpty()) {
                            modelRuns.add(new Run(grid(List.of(model), List.of(workload), allowed, List.of(poolSize),
                                    List.of(perWorker))));
                        }
                    }
                }
            }
            if (anySkipped) {
                plan.runs.addAll(modelRuns);
            } else {
                modelsWithoutHoles.add(model);
            }
        }
        if (!modelsWithoutHoles.isEmpty()) {
            plan.runs.add(0, new Run(grid(modelsWithoutHoles, valuesOf.apply("workload"), valuesOf.apply("tasks"),
                    valuesOf.apply("poolSize"), valuesOf.apply("tasksPerWorker"))));
        }
        return plan;
    }

    List<Run> runs() {
        return runs;
    }

    List<Skipped> skipped() {
        return skipped;
    }

    /**
     * Why this configuration cannot run, from the model's own rule. Values that do not parse are
     * not judged here: the benchmark's set-up rejects them with a clear error.
     */
    private static Optional<String> cannotRun(Map<String, String> p) {
        try {
            return ModelKind.named(p.get("model")).cannotRun(Workload.named(p.get("workload")),
                    Integer.parseInt(p.get("tasks")), BatchBenchmark.options(Integer.parseInt(p.get("poolSize")),
                            Integer.parseInt(p.get("tasksPerWorker"))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> params(String model, String workload, String tasks, String poolSize,
            String perWorker) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", model);
        params.put("workload", workload);
        params.put("tasks", tasks);
        params.put("poolSize", poolSize);
        params.put("tasksPerWorker", perWorker);
        return params;
    }

    private static Map<String, List<String>> grid(List<String> models, List<String> workloads, List<String> tasks,
            List<String> poolSizes, List<String> perWorker) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("model", models);
        params.put("workload", workloads);
        params.put("tasks", tasks);
        params.put("poolSize", poolSizes);
        params.put("tasksPerWorker", perWorker);
        return params;
    }
}
