package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpawnBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"true", "jvm"})
    void eachKindReallyStartsAndReapsAChild(String kind) throws Exception {
        SpawnBenchmark benchmark = new SpawnBenchmark();
        benchmark.kind = kind;
        benchmark.setUp();
        assertEquals(0, benchmark.startToExit()); // throws unless the child ran and printed what it must
        benchmark.tearDown(); // throws if a child survived
        if (kind.equals("jvm")) {
            assertTrue(benchmark.command().contains("-XX:TieredStopAtLevel=1"), "the process model's fast-start flags");
            assertTrue(benchmark.command().stream().noneMatch(a -> a.startsWith("-XX:AOTCache")));
        }
    }

    @Test
    void anUnknownKindSaysWhichExist() {
        SpawnBenchmark benchmark = new SpawnBenchmark();
        benchmark.kind = "fork";
        var e = assertThrows(IllegalArgumentException.class, benchmark::setUp);
        assertEquals("unknown kind 'fork'; known: true, jvm, jvm-aot", e.getMessage());
    }
}
