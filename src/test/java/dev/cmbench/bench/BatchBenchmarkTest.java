package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.ModelKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The batch benchmark, run once outside JMH: it does the work and leaves nothing behind. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchBenchmarkTest {

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyModelRunsEveryWorkloadAndChecksItsChecksum(ModelKind kind) throws Exception {
        for (String workload : new String[] {"io", "mixed", "cpu"}) {
            BatchBenchmark benchmark = new BatchBenchmark();
            benchmark.model = kind.id();
            benchmark.workload = workload;
            benchmark.tasks = 20;
            benchmark.poolSize = 0;
            benchmark.tasksPerWorker = 1;
            benchmark.setUp();
            try {
                benchmark.makespan(Blackholes.create()); // throws if the checksum is wrong
                benchmark.makespan(Blackholes.create());
            } finally {
                benchmark.tearDown(); // throws if a thread or process survives
            }
        }
    }

    @Test
    void aConfigurationThatCannotBeBuiltSaysWhy() {
        BatchBenchmark benchmark = new BatchBenchmark();
        benchmark.model = "green-threads";
        benchmark.workload = "io";
        benchmark.tasks = 10;
        var e = assertThrows(IllegalArgumentException.class, benchmark::setUp);
        assertTrue(e.getMessage().contains("unknown model 'green-threads'"), e.getMessage());
        benchmark.model = "virtual";
        benchmark.tasks = 0;
        assertThrows(IllegalArgumentException.class, benchmark::setUp);
    }

    /** JDK 23+ javac skips processors found only on the class path; then JMH finds nothing. */
    @Test
    void jmhGeneratedTheBenchmarks() throws IOException {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertTrue(list != null, "no META-INF/BenchmarkList: the JMH annotation processor did not run");
            String benchmarks = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(benchmarks.contains("dev.cmbench.bench.BatchBenchmark"), benchmarks);
        }
    }
}
