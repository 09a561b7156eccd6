package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end, with real JMH forks of a small batch configuration (a second each):
 * rounds, one jmh.json of every fork, nothing of an earlier run left, a killed fork leaving a
 * partial run that a resume completes. Timeouts guard against hangs only.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InterleavedRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> args(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--calibration", "400"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--", "BatchBenchmark", "-p", "model=platform,virtual", "-p", "workload=io",
                "-p", "tasks=10", "-f", "2", "-wi", "0", "-i", "1", "-r", "10ms", "-v", "SILENT"));
        return args;
    }

    @Test
    void forksRunInRoundsAndJmhJsonHoldsEveryForkOfEachConfiguration() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out.resolve("latency"));
        Files.writeString(out.resolve("compare.md"), "an earlier run's verdict");
        Files.writeString(out.resolve("latency").resolve("earlier.hlog"), "an earlier run's log");

        assertEquals(0, SuiteRunner.run(args(out).toArray(String[]::new)));

        JsonNode results = JSON.readTree(out.resolve("jmh.json").toFile());
        assertEquals(2, results.size());
        for (JsonNode result : results) {
            assertEquals(2, result.get("forks").asInt());
            assertEquals(2, result.get("primaryMetric").get("rawData").size(), "each fork's iterations, as JMH keeps them");
        }
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("complete", state.get("state").asText());
        List<Integer> rounds = new ArrayList<>();
        state.get("done").forEach(fork -> rounds.add(fork.get("round").asInt()));
        assertEquals(List.of(0, 0, 1, 1), rounds, "both configurations' first forks before either's second");
        assertFalse(Files.exists(out.resolve("compare.md")), "an earlier run's verdict must not pass for this run's");
        assertFalse(Files.exists(out.resolve("latency").resolve("earlier.hlog")));
        assertEquals("complete", JSON.readTree(out.resolve("env.json").toFile()).get("run").get("state").asText());
    }

    @Test
    void aKilledForkLeavesAPartialRunWithEverythingElseAndAResumeCompletesIt() throws Exception {
        Path out = dir.resolve("run");
        AtomicInteger killed = new AtomicInteger();
        Thread killer = Thread.ofPlatform().start(() -> killTheFirstFork(killed));

        int exit = SuiteRunner.run(args(out).toArray(String[]::new));
        killer.join();

        assertEquals(1, killed.get());
        assertEquals(1, exit, "a failed fork fails the run");
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("partial", state.get("state").asText());
        assertEquals(3, state.get("done").size());
        assertTrue(state.get("failed").get(0).get("why").asText().contains("exit code 137"), state.toString());
        assertEquals(3, forksIn(out), "jmh.json holds the three forks that finished");
        assertTrue(Files.exists(out.resolve("report.md")), "the report of what finished");

        assertEquals(0, SuiteRunner.run(args(out, "--resume").toArray(String[]::new)));

        assertEquals("complete", JSON.readTree(out.resolve("run.json").toFile()).get("state").asText());
        assertEquals(4, forksIn(out));
    }

    @Test
    void aResumeIsRefusedInOneLineWhenThereIsNothingToResumeOrTheArgumentsDiffer() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(2, SuiteRunner.run(args(out, "--resume").toArray(String[]::new)), "no run to resume");
        assertEquals(0, SuiteRunner.run(args(out).toArray(String[]::new)));
        assertEquals(2, SuiteRunner.run(args(out, "--resume").toArray(String[]::new)), "the run is complete");
        Files.writeString(out.resolve("run.json"), Files.readString(out.resolve("run.json"))
                .replace("\"complete\"", "\"partial\""));
        List<String> other = args(out, "--resume");
        other.set(other.indexOf("tasks=10"), "tasks=20");
        assertEquals(2, SuiteRunner.run(other.toArray(String[]::new)), "other arguments than the run was started with");
    }

    @Test
    void aBaselineThatIsNotAJmhResultFailsBeforeTheFirstFork() throws Exception {
        Path notJmh = dir.resolve("env.json");
        Files.writeString(notJmh, "{\"cores\": 2}");
        Path out = dir.resolve("run");

        assertEquals(2, SuiteRunner.run(args(out, "--baseline", notJmh.toString()).toArray(String[]::new)));
        assertFalse(Files.exists(out.resolve("run.json")), "nothing started");
    }

    private static int forksIn(Path out) throws Exception {
        int forks = 0;
        for (JsonNode result : JSON.readTree(out.resolve("jmh.json").toFile())) {
            forks += result.get("primaryMetric").get("rawData").size();
        }
        return forks;
    }

    /** Kills the first JMH fork JVM this test's runner starts, as soon as it appears. */
    private static void killTheFirstFork(AtomicInteger killed) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            var fork = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("org.openjdk.jmh.runner.ForkedMain"))
                    .findFirst();
            if (fork.isPresent()) {
                fork.get().destroyForcibly();
                killed.incrementAndGet();
                return;
            }
            Thread.onSpinWait();
        }
    }
}
