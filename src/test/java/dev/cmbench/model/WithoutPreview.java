package dev.cmbench.model;

import dev.cmbench.bench.BatchBenchmark;
import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.Checksums;
import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Workload;
import java.util.List;
import java.util.Map;

/**
 * Run in a JVM started without {@code --enable-preview} ({@link NonBlockingModelsTest}): loads the
 * benchmark classes whose kinds include a structured one and reads the batch skip rule for it, as
 * the suite runner does; builds every in-process model and runs a batch on it; and says what the
 * structured model answers.
 */
final class WithoutPreview {

    private WithoutPreview() {
    }

    public static void main(String[] args) throws Exception {
        for (String family : List.of("Batch", "StartJoin", "Failure", "Cancel")) {
            Class.forName("dev.cmbench.bench." + family + "Benchmark").getMethods(); // resolves their signatures
        }
        BatchBenchmark.SKIPS.cannotRun(Map.of("model", "structured", "workload", "io", "poolSize", "0",
                "tasksPerWorker", "2", "tasks", "100"));
        System.out.println("benchmark classes and skip rule: loaded");
        List<SleepComputeTask> tasks = Workload.MIXED.tasks(4, new Calibration(10));
        for (ModelKind kind : ModelKind.values()) {
            if (!kind.inProcess()) {
                continue;
            }
            try (ConcurrencyModel model = kind.create(ModelOptions.defaults())) {
                if (model.runBatch(tasks) != Checksums.expected(tasks)) {
                    throw new AssertionError(kind + " returned a wrong checksum");
                }
                System.out.println(kind.id() + ": ran");
            } catch (IllegalStateException e) {
                if (kind != ModelKind.STRUCTURED || !e.getMessage().endsWith("start the JVM with --enable-preview")) {
                    throw e;
                }
                System.out.println(kind.id() + ": start the JVM with " + PreviewClasses.FLAG);
            }
        }
    }
}
