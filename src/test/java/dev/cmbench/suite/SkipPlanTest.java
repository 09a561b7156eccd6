package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.bench.BatchBenchmark;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkipPlanTest {

    private static final String BATCH = BatchBenchmark.class.getName() + ".makespan";

    private static SkipPlan plan(List<String> models, List<String> workloads, List<String> tasks) {
        Map<String, List<String>> grid = Map.of("model", models, "workload", workloads, "tasks", tasks,
                "poolSize", List.of("2"), "tasksPerWorker", List.of("1"));
        return SkipPlan.of(BATCH, BatchBenchmark.SKIPS, grid::get);
    }

    @Test
    void modelsWithoutHolesShareOneRun() {
        SkipPlan plan = plan(List.of("platform", "virtual"), List.of("io", "cpu"), List.of("100", "1000"));
        assertEquals(List.of(), plan.skipped());
        assertEquals(1, plan.runs().size());
        assertEquals(List.of("platform", "virtual"), plan.runs().get(0).params().get("model"));
        assertEquals(List.of("100", "1000"), plan.runs().get(0).params().get("tasks"));
    }

    @Test
    void holesAreSkippedWithTheirReasonAndTheRestStillRuns() {
        SkipPlan plan = plan(List.of("virtual", "process", "fixed-pool"), List.of("io", "cpu"), List.of("100", "10000"));

        // process: 10 000 child JVMs for both workloads; fixed-pool with 2 threads: io at 10 000 (50 s).
        assertEquals(3, plan.skipped().size());
        assertTrue(plan.skipped().stream().allMatch(s -> s.params().get("tasks").equals("10000")));
        assertTrue(plan.skipped().get(0).reason().contains("child JVMs"), plan.skipped().get(0).reason());
        var fixedIo = plan.skipped().stream().filter(s -> s.params().get("model").equals("fixed-pool")).findFirst();
        assertTrue(fixedIo.orElseThrow().reason().contains("at least 50.1 s"), fixedIo.get().reason());

        var runs = plan.runs().stream().map(r -> r.params().get("model").get(0) + "/" + r.params().get("workload")
                + "/" + r.params().get("tasks")).toList();
        assertEquals(List.of("virtual/[io, cpu]/[100, 10000]", "process/[io]/[100]", "process/[cpu]/[100]",
                "fixed-pool/[io]/[100]", "fixed-pool/[cpu]/[100, 10000]"), runs);
    }

    @Test
    void valuesThatDoNotParseAreLeftToTheBenchmarkToReject() {
        SkipPlan plan = plan(List.of("green-threads"), List.of("io"), List.of("many"));
        assertEquals(List.of(), plan.skipped());
        assertEquals(1, plan.runs().size());
    }
}
