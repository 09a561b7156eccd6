package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

class ParamCheckTest {

    private static Optional<String> problem(String... jmhArgs) throws Exception {
        CommandLineOptions user = new CommandLineOptions(jmhArgs);
        return ParamCheck.problem(user, SuiteRunner.select(user.getIncludes(), user.getExcludes()).values());
    }

    @Test
    void moreConnectionsThanTheDescriptorLimitAllowsAreRefusedInOneLineNamingTheLimit() throws Exception {
        // 100 million connections need 200 million descriptors: past the kernel's own ceiling (nr_open).
        String refusal = problem("ServerBenchmark", "-p", "connections=100000000").orElseThrow();

        assertTrue(refusal.startsWith("-p connections=100000000: 100000000 connections need 200000256 file descriptors"),
                refusal);
        assertTrue(refusal.contains("over this machine's limit of "), refusal);
        assertEquals(1, refusal.lines().count());
    }

    @Test
    void connectionsWithinTheLimitPass() throws Exception {
        assertEquals(Optional.empty(), problem("ServerBenchmark", "-p", "connections=10"));
    }

    @Test
    void anUnknownServerKindIsRefusedWithTheKnownOnes() throws Exception {
        String refusal = problem("ServerBenchmark", "-p", "kind=green").orElseThrow();
        assertTrue(refusal.contains("unknown kind for ServerBenchmark.loadStep; known: platform, fixed-pool, virtual"),
                refusal);
    }

    @Test
    void selectingTheServerFamilyFindsIt() {
        assertTrue(SuiteRunner.select(List.of("ServerBenchmark"), List.of()).containsKey(
                "dev.cmbench.bench.ServerBenchmark.loadStep"));
    }
}
