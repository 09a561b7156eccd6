package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteRunnerTest {

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, SuiteRunner.run());
        assertEquals(2, SuiteRunner.run("--out"));
        assertEquals(2, SuiteRunner.run("--out", "target/x", "--fast"));
        assertEquals(2, SuiteRunner.run("--out", "target/x", "--settings", "slow"));
        assertEquals(2, SuiteRunner.run("--out", "target/x", "--", "-f", "many"));
        assertEquals(2, SuiteRunner.run("--out", "target/x", "--", "NoSuchBenchmark"));
    }

    @Test
    void selectionFollowsJmhIncludesAndExcludes() {
        String batch = "dev.cmbench.bench.BatchBenchmark.makespan";
        assertEquals(List.of(batch), List.copyOf(SuiteRunner.select(List.of("Batch"), List.of()).keySet()));
        assertTrue(SuiteRunner.select(List.of(), List.of()).containsKey(batch));
        assertTrue(SuiteRunner.select(List.of(), List.of("Batch")).keySet().stream().noneMatch(n -> n.contains("Batch")));
    }
}
