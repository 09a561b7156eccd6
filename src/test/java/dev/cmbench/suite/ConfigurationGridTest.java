package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

class ConfigurationGridTest {

    private static ConfigurationGrid grid(SuiteSettings settings, String... jmhArgs) throws Exception {
        CommandLineOptions user = new CommandLineOptions(jmhArgs);
        return ConfigurationGrid.of(SuiteRunner.select(user.getIncludes(), user.getExcludes()).values(), user, settings, 0);
    }

    private static List<String> models(ConfigurationGrid grid) {
        return grid.configurations().stream().map(c -> c.params().get("model") + "/" + c.params().get("workload")
                + "/" + c.params().get("tasks")).toList();
    }

    @Test
    void everyCombinationOfTheValuesIsOneConfiguration() throws Exception {
        ConfigurationGrid grid = grid(SuiteSettings.QUICK, "BatchBenchmark", "-p", "model=platform,virtual",
                "-p", "workload=io,cpu", "-p", "tasks=100,1000");

        assertEquals(8, grid.configurations().size());
        assertEquals(List.of(), grid.skipped());
        assertTrue(grid.configurations().stream().allMatch(c -> c.params().get("poolSize").equals("0")),
                "a parameter the user did not name keeps the benchmark's value");
    }

    @Test
    void holesAreSkippedWithTheirReasonAndTheRestStillRuns() throws Exception {
        ConfigurationGrid grid = grid(SuiteSettings.QUICK, "BatchBenchmark", "-p", "model=virtual,process,fixed-pool",
                "-p", "workload=io,cpu", "-p", "tasks=100,10000", "-p", "poolSize=2");

        // process: 10 000 child JVMs for both workloads; fixed-pool with 2 threads: io at 10 000 (50 s).
        assertEquals(3, grid.skipped().size());
        assertTrue(grid.skipped().stream().allMatch(s -> s.params().get("tasks").equals("10000")));
        assertTrue(grid.skipped().get(0).reason().contains("child JVMs"), grid.skipped().get(0).reason());
        var fixedIo = grid.skipped().stream().filter(s -> s.params().get("model").equals("fixed-pool")).findFirst();
        assertTrue(fixedIo.orElseThrow().reason().contains("at least 50.1 s"), fixedIo.get().reason());
        assertEquals(9, grid.configurations().size());
        assertTrue(models(grid).contains("fixed-pool/cpu/10000"));
        assertTrue(models(grid).contains("process/io/100"));
    }

    @Test
    void aPoolSizeOnlyFixedPoolTakesIsLeftOutForTheOtherKindsWithoutBeingListed() throws Exception {
        ConfigurationGrid grid = grid(SuiteSettings.QUICK, "ServerBenchmark", "-p", "workload=io");

        assertEquals(List.of(), grid.skipped(), "nothing is missing, so nothing is listed");
        Map<String, Long> byKindAndPool = grid.configurations().stream().collect(java.util.stream.Collectors.groupingBy(
                c -> c.params().get("kind") + "/" + c.params().get("poolSize"), TreeMap::new,
                java.util.stream.Collectors.counting()));
        assertEquals(10, byKindAndPool.size(), byKindAndPool.toString());
        assertEquals(5L, byKindAndPool.get("fixed-pool/200"), "the quick sweep: five rates");
        assertEquals(5L, byKindAndPool.get("fixed-pool/0"));
        assertTrue(byKindAndPool.keySet().stream().filter(k -> k.endsWith("/200")).allMatch(k -> k.startsWith("fixed-pool")));
        assertTrue(grid.configurations().stream().allMatch(c -> c.params().get("connections").equals("1000")));
    }

    @Test
    void forksAreTheUsersElseOneWhenQuickElseTheBenchmarksOwn() throws Exception {
        assertEquals(4, grid(SuiteSettings.QUICK, "LockBenchmark", "-f", "4").configurations().get(0).forks());
        assertEquals(1, grid(SuiteSettings.QUICK, "LockBenchmark").configurations().get(0).forks());
        assertEquals(3, grid(SuiteSettings.FULL, "LockBenchmark").configurations().get(0).forks(), "@Fork(3)");
    }

    @Test
    void quickSettingsNarrowOnlyTheParametersTheUserLeftOpen() throws Exception {
        assertEquals(Map.of("1", 8L, "16", 8L), countBy(grid(SuiteSettings.QUICK, "LockBenchmark", "-p", "thread=platform")));
        assertEquals(Map.of("2", 8L), countBy(grid(SuiteSettings.QUICK, "LockBenchmark", "-p", "thread=platform",
                "-p", "threads=2")));
    }

    @Test
    void anABRunComparesOnlyWhatTheOtherSideHasAndListsTheRest() throws Exception {
        CommandLineOptions user = new CommandLineOptions("BatchBenchmark", "-p", "model=virtual,coroutines",
                "-p", "workload=io,sleep:2ms+compute:300us", "-p", "tasks=100");
        var ours = SuiteRunner.select(user.getIncludes(), user.getExcludes());
        String batch = ours.keySet().iterator().next();
        Map<String, String[]> olderParams = new TreeMap<>(ours.get(batch).getParams().get());
        olderParams.put("model", new String[] {"platform", "virtual"}); // an older commit, before the coroutines model
        ConfigurationGrid grid = ConfigurationGrid.of(ours.values(), user, SuiteSettings.QUICK, 0);

        ConfigurationGrid shared = grid.sharedWith(Map.of(batch, olderParams), ours, "commit 0123456789");

        assertEquals(List.of("virtual/io/100", "virtual/sleep:2ms+compute:300us/100"), models(shared),
                "a custom workload neither annotation names is left to the benchmark");
        assertEquals(2, shared.skipped().size());
        assertTrue(shared.skipped().stream().allMatch(s -> s.params().get("model").equals("coroutines")
                && s.reason().equals("commit 0123456789 lacks model=coroutines, so there is nothing to compare")),
                shared.skipped().toString());
        assertEquals(List.of(), grid.sharedWith(Map.of(), ours, "x").configurations(), "a side without the benchmark");
    }

    @Test
    void quickNarrowsSomeBenchmarksFurtherAndTheUsersValuesStillWin() throws Exception {
        assertEquals(Map.of("2", 10L), countByParam(grid(SuiteSettings.QUICK, "CancelBenchmark.cancelToObservedEnd"), "cpus"));
        assertEquals(Map.of("1", 4L, "2", 4L), countByParam(grid(SuiteSettings.QUICK, "StartJoinBenchmark"), "cpus"),
                "start + join keeps its one-CPU contrast");
        assertEquals(Map.of("platform", 16L), countByParam(grid(SuiteSettings.QUICK, "LockBenchmark.round"), "thread"));
        assertEquals(Map.of("platform", 16L, "virtual", 16L), countByParam(grid(SuiteSettings.QUICK, "LockBenchmark.round",
                "-p", "thread=platform,virtual"), "thread"));
        assertEquals(Map.of("1", 10L, "2", 10L), countByParam(grid(SuiteSettings.QUICK, "CancelBenchmark.cancelToObservedEnd",
                "-p", "cpus=1,2"), "cpus"));
        assertEquals(2, countByParam(grid(SuiteSettings.FULL, "LockBenchmark.round"), "thread").size(), "full has both");
    }

    @Test
    void theFullGridSweepsAServersRatesAtOneThousandConnectionsAndItsConnectionsAtOneRate() throws Exception {
        ConfigurationGrid full = grid(SuiteSettings.FULL, "ServerBenchmark", "-p", "kind=virtual", "-p", "workload=io");
        List<String> kept = full.configurations().stream().map(c -> c.params().get("connections") + "@" + c.params().get("rate"))
                .toList();
        List<String> skipped = full.skipped().stream().map(c -> c.params().get("connections") + "@" + c.params().get("rate"))
                .toList();
        List<String> all = new ArrayList<>(kept);
        all.addAll(skipped);
        assertEquals(new java.util.TreeSet<>(List.of("100@3000", "1000@300", "1000@1000", "1000@3000", "1000@10000",
                "1000@30000", "10000@3000")), new java.util.TreeSet<>(all), "10 000 connections may be skipped for the descriptor limit, but only at 3 000/s");
        assertEquals(15, grid(SuiteSettings.FULL, "ServerBenchmark", "-p", "kind=virtual", "-p", "workload=io",
                "-p", "connections=100,1000,10000").configurations().size() + grid(SuiteSettings.FULL, "ServerBenchmark",
                "-p", "kind=virtual", "-p", "workload=io", "-p", "connections=100,1000,10000").skipped().size(),
                "a user's -p connections asks for every rate");
    }

    private static Map<String, Long> countByParam(ConfigurationGrid grid, String param) {
        return grid.configurations().stream().collect(java.util.stream.Collectors.groupingBy(
                c -> c.params().get(param), TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static Map<String, Long> countBy(ConfigurationGrid grid) {
        return grid.configurations().stream().collect(java.util.stream.Collectors.groupingBy(
                c -> c.params().get("threads"), java.util.stream.Collectors.counting()));
    }
}
