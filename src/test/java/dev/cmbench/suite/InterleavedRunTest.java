package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.workload.Calibration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Keeps the spinning threads' sums, so that their loops are not dead code. */
    private static final AtomicLong spun = new AtomicLong();

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
        JsonNode env = JSON.readTree(out.resolve("env.json").toFile());
        assertEquals("complete", env.get("run").get("state").asText());
        assertTrue(env.has("machineFloor"), "every fork reads the machine's floor: " + env);
        JsonNode floors = env.get("machineFloor").get("forks");
        assertEquals(4, floors.size(), "the machine's floor, read inside every fork: " + floors);
        for (JsonNode floor : floors) {
            assertEquals("dev.cmbench.bench.BatchBenchmark.makespan", floor.get("benchmark").asText());
            assertTrue(floor.get("wakeUpMicros").asDouble() > 0, floor.toString());
        }
        state.get("done").forEach(fork -> assertTrue(fork.get("environment").get("measuredSeconds").asDouble() > 0,
                "every fork says what went on around it: " + fork));
        assertEquals(4, env.get("forkEnvironment").get("forks").asInt());
        for (JsonNode fork : state.get("done")) {
            JsonNode value = fork.get("value");
            assertEquals(results.get(0).get("primaryMetric").get("rawData").get(0).size(),
                    value.get("iterations").asInt(), "each fork's value, from its iterations: " + fork);
            assertTrue(value.get("median").asDouble() > 0 && value.get("mean").asDouble() > 0, value.toString());
        }
        assertTrue(env.get("cpu").get("logicalCpus").asInt() >= 1, env.get("cpu").toString());
        everyForkGotTheRunsCalibrationAndLoggedIntoTheRunsDirectory(out, results, state, env);
    }

    /**
     * What {@link ForkOptions} hands each fork, seen from what the forks did with it: each fork ran
     * with the run's one calibration (JMH records a fork's JVM options), appended its own speed to
     * the run's calibration log (env.json's forkSpeedsUnitsPerMicro, one a fork), and wrote its
     * latency log into the run's latency directory, which the report then read.
     */
    private static void everyForkGotTheRunsCalibrationAndLoggedIntoTheRunsDirectory(Path out, JsonNode results,
            JsonNode state, JsonNode env) throws Exception {
        for (JsonNode result : results) {
            List<String> jvmArgs = new ArrayList<>();
            result.get("jvmArgs").forEach(arg -> jvmArgs.add(arg.asText()));
            assertTrue(jvmArgs.contains("-D" + Calibration.UNITS_PROPERTY + "=400.0"), "the run's calibration: " + jvmArgs);
        }
        assertEquals(400.0, env.get("unitsPerMicro").asDouble());
        JsonNode speeds = env.get("forkSpeedsUnitsPerMicro");
        assertEquals(4, speeds.size(), "each fork's own speed, from the calibration log: " + speeds);
        speeds.forEach(speed -> assertTrue(speed.asDouble() > 0, speeds.toString()));

        List<String> logs;
        try (var listed = Files.list(out.resolve("latency"))) {
            logs = listed.map(log -> log.getFileName().toString()).filter(name -> name.endsWith(".hlog")).sorted().toList();
        }
        assertEquals(4, logs.size(), "a latency log for each configuration and fork: " + logs);
        List<String> logged = new ArrayList<>();
        state.get("done").forEach(fork -> fork.get("latencyLogs").forEach(log -> logged.add(log.asText())));
        assertEquals(logs, logged.stream().sorted().toList(), "each fork's log, as run.json records it");
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("merged from the latency logs"), "the report's percentiles come from the logs: " + report);
        assertFalse(report.contains("no latency logs"), report);
    }

    @Test
    void aKilledForkLeavesAPartialRunWithEverythingElseAndAResumeCompletesIt() throws Exception {
        Path out = dir.resolve("run");
        AtomicInteger killed = new AtomicInteger();
        Thread killer = Thread.ofPlatform().start(() -> killTheFirstFork(killed));

        Path failure = dir.resolve("failure.txt");
        int exit = SuiteRunner.run(args(out, "--failure-file", failure.toString()).toArray(String[]::new));
        killer.join();

        assertEquals(1, killed.get());
        assertEquals(1, exit, "a failed fork fails the run");
        assertEquals("cmbench: partial run: 3 of 4 forks saved in " + out + ", 1 failed; -Dbench.resume runs the rest\n",
                Files.readString(failure), "the line Maven fails the build with");
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("partial", state.get("state").asText());
        assertEquals(3, state.get("done").size());
        assertTrue(state.get("failed").get(0).get("why").asText().contains("exit code 137"), state.toString());
        assertEquals(3, forksIn(out), "jmh.json holds the three forks that finished");
        assertEquals(3, floorsIn(out), "a floor reading for each of them, none for the killed fork");
        assertTrue(Files.exists(out.resolve("report.md")), "the report of what finished");

        assertEquals(0, SuiteRunner.run(args(out, "--resume").toArray(String[]::new)));

        assertEquals("complete", JSON.readTree(out.resolve("run.json").toFile()).get("state").asText());
        assertEquals(4, forksIn(out));
        assertEquals(4, floorsIn(out));
    }

    /**
     * A benchmark that throws (a batch of no tasks: its set-up refuses it) fails its own fork only:
     * the other configuration's fork runs and is saved, the run says which fork failed and why,
     * and the report covers what finished.
     */
    @Test
    void aBenchmarkThatThrowsFailsOnlyItsForkAndTheRunGoesOn() throws Exception {
        Path out = dir.resolve("run");
        int exit = SuiteRunner.run("--out", out.toString(), "--calibration", "400", "--", "BatchBenchmark",
                "-p", "model=platform", "-p", "workload=io", "-p", "tasks=0,10", "-f", "1", "-wi", "0", "-i", "1",
                "-r", "10ms", "-v", "SILENT");

        assertEquals(1, exit, "a failed fork fails the run");
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("partial", state.get("state").asText());
        assertEquals(1, state.get("done").size(), state.toString());
        assertEquals(1, state.get("failed").size(), state.toString());
        JsonNode failed = state.get("failed").get(0);
        assertTrue(failed.get("configuration").asText().contains("tasks=0"), failed.toString());
        assertTrue(failed.get("why").asText().contains("tasks must be >= 1, got 0"), failed.toString());
        JsonNode results = JSON.readTree(out.resolve("jmh.json").toFile());
        assertEquals(1, results.size());
        assertEquals("10", results.get(0).get("params").get("tasks").asText());
        assertEquals(1, results.get(0).get("primaryMetric").get("rawData").size());
        assertTrue(Files.exists(out.resolve("report.md")), "the report of what finished");
    }

    @Test
    void aResumeIsRefusedInOneLineWhenThereIsNothingToResumeOrTheArgumentsDiffer() throws Exception {
        Path out = dir.resolve("run");
        RunnerExit.of(args(out, "--resume")).assertRefusedInOneLine("nothing to resume: no ");
        assertEquals(0, SuiteRunner.run(args(out).toArray(String[]::new)));
        RunnerExit.of(args(out, "--resume")).assertRefusedInOneLine("nothing to resume: the run in " + out + " is complete");
        Files.writeString(out.resolve("run.json"), Files.readString(out.resolve("run.json"))
                .replace("\"complete\"", "\"partial\""));
        List<String> other = args(out, "--resume");
        other.set(other.indexOf("tasks=10"), "tasks=20");
        RunnerExit.of(other).assertRefusedInOneLine("cannot resume: the run in " + out + " was started with ");
    }

    @Test
    void aBaselineThatIsNotAJmhResultFailsInOneLineBeforeTheFirstFork() throws Exception {
        Path notJmh = dir.resolve("env.json");
        Files.writeString(notJmh, "{\"cores\": 2}");
        Path out = dir.resolve("run");

        RunnerExit.of(args(out, "--baseline", notJmh.toString())).assertRefusedInOneLine("the baseline is not a JMH result: ");
        assertFalse(Files.exists(out.resolve("run.json")), "nothing started");
    }

    @Test
    void anABRunPairsTheSidesForksRoundByRoundAndComparesThemPaired() throws Exception {
        Path out = dir.resolve("run");

        // A neutral option: both sides run the same code, and the verdict is the gate's business, not this test's.
        int exit = SuiteRunner.run(args(out, "--against-jvm-args", "-Dab.side=against", "--pairs", "2").toArray(String[]::new));

        assertNotEquals(2, exit);
        assertEquals("complete", JSON.readTree(out.resolve("run.json").toFile()).get("state").asText());

        for (Path side : List.of(out, out.resolve("against"))) {
            for (JsonNode result : JSON.readTree(side.resolve("jmh.json").toFile())) {
                assertEquals(2, result.get("primaryMetric").get("rawData").size(), side + ": a fork per pair");
            }
        }
        JsonNode against = JSON.readTree(out.resolve("against").resolve("jmh.json").toFile()).get(0);
        List<String> jvmArgs = new ArrayList<>();
        against.get("jvmArgs").forEach(arg -> jvmArgs.add(arg.asText()));
        assertEquals("-Dab.side=against", jvmArgs.getLast(), "the other side got its option last, where nothing overrides it");
        assertFalse(JSON.readTree(out.resolve("jmh.json").toFile()).get(0).get("jvmArgs").toString()
                .contains("-Dab.side"), "this side did not");
        JsonNode done = JSON.readTree(out.resolve("run.json").toFile()).get("done");
        assertEquals(8, done.size());
        for (int i = 0; i < 8; i += 2) {
            assertEquals(done.get(i).get("configuration"), done.get(i + 1).get("configuration"), "pairs back to back");
            assertEquals(done.get(i).get("round"), done.get(i + 1).get("round"));
            assertEquals(1, done.get(i).get("side").asInt() + done.get(i + 1).get("side").asInt());
        }
        String compare = Files.readString(out.resolve("compare.md"));
        // The paired test's own header, not a word that the unpaired header ("Unpaired: Welch's ...") also holds.
        assertTrue(compare.lines().anyMatch(line -> line.startsWith("Paired: fork k of each result")), compare);
        assertTrue(compare.lines().noneMatch(line -> line.startsWith("Unpaired:")), compare);
        assertEquals("against", JSON.readTree(out.resolve("against").resolve("env.json").toFile())
                .get("side").get("name").asText());
    }

    /**
     * Under a budget: the first stage, the look, a second stage for what the look left undecided;
     * every result has the first stage's pairs plus what the look gave it, and the gate tests them
     * in two stages. What the look decides depends on the forks' noise, so the test holds the run to
     * its own plan, whatever it was.
     */
    @Test
    void aBudgetedABRunRunsTheSecondStageItsLookPlannedAndTestsInTwoStages() throws Exception {
        Path out = dir.resolve("run");

        int exit = SuiteRunner.run(args(out, "--against-jvm-args", "-Dab.side=against", "--budget", "1m")
                .toArray(String[]::new));

        assertNotEquals(2, exit);
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("complete", state.get("state").asText());
        JsonNode stages = state.get("stages");
        assertEquals(2, stages.get("firstStagePairs").asInt(), "-f 2: the first stage's pairs");
        assertEquals(4, stages.get("plannedSecondStagePairs").asInt());
        assertEquals(state.get("forksPlanned").asInt(), state.get("done").size());
        for (Path side : List.of(out, out.resolve("against"))) {
            JsonNode results = JSON.readTree(side.resolve("jmh.json").toFile());
            for (int c = 0; c < results.size(); c++) {
                assertEquals(2 + stages.get("secondStagePairs").get(c).asInt(),
                        results.get(c).get("primaryMetric").get("rawData").size(), side + ": " + stages);
            }
        }
        assertTrue(Files.readString(out.resolve("compare.md")).contains("in two stages under a time budget"));
    }

    /**
     * Threads spinning beside the run take the machine past the threshold of other processes' CPU:
     * every pair has a disturbed fork. The first is run again, both sides, the second try replacing
     * the first whatever it finds; then the cap (a tenth of the run's 4 pairs, rounded up: 1) keeps
     * the others as they are.
     */
    @Test
    void aPairWithADisturbedForkIsRunAgainOnceBothSidesUpToATenthOfThePairs() throws Exception {
        Path out = dir.resolve("run");
        int exit = whileTheMachineIsBusy(() -> SuiteRunner.run(args(out, "--against-jvm-args", "-Dab.side=against",
                "--pairs", "2").toArray(String[]::new)));

        assertNotEquals(2, exit);
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("complete", state.get("state").asText());
        assertEquals(1, state.get("rerun").size(), "one pair, up to the cap: " + state.get("rerun"));
        assertTrue(state.get("rerun").get(0).get("why").asText().contains("other processes used"), state.toString());
        assertEquals(8, state.get("done").size());
        for (Path side : List.of(out, out.resolve("against"))) {
            for (JsonNode result : JSON.readTree(side.resolve("jmh.json").toFile())) {
                assertEquals(2, result.get("primaryMetric").get("rawData").size(), side + ": the second tries only");
            }
            try (var logs = Files.list(side.resolve("latency"))) {
                assertEquals(4, logs.filter(log -> log.toString().endsWith(".hlog")).count(),
                        side + ": the first tries' latency logs are gone");
            }
            assertEquals(4, JSON.readTree(side.resolve("env.json").toFile()).get("forkSpeedsUnitsPerMicro").size(),
                    side + ": the first tries' speeds are gone from the calibration log");
        }
    }

    /**
     * Under a budget without another side: 2 forks of every configuration (the args' -f), the look,
     * then the forks it gave to the widest intervals; every result holds its first forks and those.
     */
    @Test
    void aBudgetedRunWithoutAnotherSideSpendsTheRestOnTheWidestIntervals() throws Exception {
        Path out = dir.resolve("run");

        int exit = SuiteRunner.run(args(out, "--budget", "1m").toArray(String[]::new));

        assertEquals(0, exit);
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("complete", state.get("state").asText());
        JsonNode stages = state.get("stages");
        assertEquals(2, stages.get("firstStagePairs").asInt(), "-f 2: the first stage's forks");
        assertEquals(state.get("forksPlanned").asInt(), state.get("done").size());
        JsonNode results = JSON.readTree(out.resolve("jmh.json").toFile());
        int more = 0;
        for (int c = 0; c < results.size(); c++) {
            more += stages.get("secondStagePairs").get(c).asInt();
            assertEquals(2 + stages.get("secondStagePairs").get(c).asInt(),
                    results.get(c).get("primaryMetric").get("rawData").size(), stages.toString());
        }
        assertTrue(more > 0, "a minute leaves time for more forks than the first four: " + stages);
    }

    /** Runs {@code run} while spinning threads take about a third of the machine's CPUs, so that forks read as disturbed. */
    private int whileTheMachineIsBusy(java.util.concurrent.Callable<Integer> run) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        int spinning = Math.max(1, (int) Math.ceil(0.3 * Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < spinning; i++) {
            spinners.add(Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (running.get()) {
                    x += System.nanoTime() & 1;
                }
                spun.addAndGet(x);
            }));
        }
        try {
            return run.call();
        } finally {
            running.set(false);
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
    }

    /**
     * The same spinning threads under a budget the first stage alone uses up: a retry would take the
     * run past it, so no pair runs again, and the console says why.
     */
    @Test
    void underABudgetADisturbedPairIsNotRunAgainPastTheBudget() throws Exception {
        Path out = dir.resolve("run");
        PrintStream stdout = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = whileTheMachineIsBusy(() -> SuiteRunner.run(args(out, "--against-jvm-args", "-Dab.side=against",
                    "--budget", "1s").toArray(String[]::new)));
        } finally {
            System.setOut(stdout);
        }

        assertNotEquals(2, exit);
        JsonNode state = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("complete", state.get("state").asText());
        assertEquals(0, state.get("rerun").size(), state.get("rerun").toString());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("kept and flagged: running it again would take the"
                + " run past its budget of 0.0 min"), console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBudgetWithOneForkOrNotADurationIsRefusedInOneLine() throws Exception {
        Path out = dir.resolve("run");
        List<String> oneFork = args(out, "--budget", "10m");
        oneFork.set(oneFork.indexOf("-f") + 1, "1");
        RunnerExit.of(oneFork).assertRefusedInOneLine("a run under a time budget (-Dbench.budget) needs 2 forks or more");
        RunnerExit.of(args(out, "--against-jvm-args", "-Xint", "--budget", "45"))
                .assertRefusedInOneLine("the budget '45' is not a duration such as 45m, 1h30m or 600s");
        RunnerExit.of(args(out, "--against-jvm-args", "-Xint", "--prior", dir.toString()))
                .assertRefusedInOneLine("a prior run (-Dbench.prior) steers the look of an A/B run under a time budget");
        RunnerExit.of(args(out, "--against-jvm-args", "-Xint", "--budget", "10m", "--prior", dir.resolve("none").toString()))
                .assertRefusedInOneLine("the prior run " + dir.resolve("none") + " is not an A/B run's directory");
        RunnerExit.of(args(out, "--against-jvm-args", "-Xint", "--budget", "10m", "--prior", out.toString()))
                .assertRefusedInOneLine("the prior run " + out + " is where this run writes");
        assertFalse(Files.exists(out.resolve("run.json")), "nothing started");
    }

    @Test
    void aBadABRequestFailsInOneLineBeforeAnythingRuns() throws Exception {
        Path out = dir.resolve("run");
        RunnerExit.of(args(out, "--against", "no-such-ref-anywhere"))
                .assertRefusedInOneLine("cannot A/B against no-such-ref-anywhere: it names no commit in this repository");
        RunnerExit.of(args(out, "--pairs", "3")).assertRefusedInOneLine("pairs are for an A/B run");
        RunnerExit.of(args(out, "--against-jvm", "/nonexistent/java"))
                .assertRefusedInOneLine("cannot A/B against the JVM /nonexistent/java: not an executable file");
        Path baseline = dir.resolve("jmh.json");
        Files.copy(Path.of(getClass().getResource("/suite-a/jmh.json").toURI()), baseline);
        RunnerExit.of(args(out, "--against-jvm-args", "-Xint", "--baseline", baseline.toString()))
                .assertRefusedInOneLine("an A/B run measures its own baseline");
        RunnerExit.of(args(out, "--against-jvm-args", "-XX:+NoSuchFlagAnywhere"))
                .assertRefusedInOneLine("the other side's JVM does not start: ");
        RunnerExit.of(args(out, "--against-jvm-args", "-Xint", "--pairs", "1"))
                .assertRefusedInOneLine("an A/B run needs 2 pairs or more");
        List<String> inProcess = args(out, "--against-jvm-args", "-Xint");
        inProcess.set(inProcess.indexOf("-f") + 1, "0");
        RunnerExit.of(inProcess).assertRefusedInOneLine("-f 0 runs the benchmarks inside the runner's own JVM");
        assertFalse(Files.exists(out.resolve("run.json")), "nothing started");
    }

    private static int forksIn(Path out) throws Exception {
        int forks = 0;
        for (JsonNode result : JSON.readTree(out.resolve("jmh.json").toFile())) {
            forks += result.get("primaryMetric").get("rawData").size();
        }
        return forks;
    }

    private static int floorsIn(Path out) throws Exception {
        return JSON.readTree(out.resolve("env.json").toFile()).get("machineFloor").get("forks").size();
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
