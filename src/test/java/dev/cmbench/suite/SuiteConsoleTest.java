package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of {@code mvn verify -Pbench} sees: a line per fork, JMH's own output in the forks'
 * logs, the report's table at the end; a refusal, a corrupt run.json or a run already going on
 * in one line, written for Maven to fail the build with. Timeouts guard against hangs only.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SuiteConsoleTest {

    @TempDir
    Path dir;

    /** What a run printed, and its exit code. */
    private record Console(int exit, String out, String err) {
    }

    private static Console capture(IntSupplier run) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int exit = run.getAsInt();
            return new Console(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Two batch configurations, two forks each, JMH at its ordinary verbosity. */
    private String[] args(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--calibration", "400",
                "--failure-file", dir.resolve("failure.txt").toString()));
        args.addAll(List.of(extra));
        args.addAll(List.of("--", "BatchBenchmark", "-p", "model=platform,virtual", "-p", "workload=io",
                "-p", "tasks=10", "-f", "2", "-wi", "0", "-i", "1", "-r", "10ms"));
        return args.toArray(String[]::new);
    }

    @Test
    void aLinePerForkAndJmhsOwnOutputInTheForksLogs() throws Exception {
        Path out = dir.resolve("run");
        Console run = capture(() -> SuiteRunner.run(args(out)));

        assertEquals(0, run.exit(), run.err());
        List<String> forkLines = run.out().lines().filter(l -> l.startsWith("cmbench: fork ")).toList();
        assertEquals(4, forkLines.size(), run.out());
        assertTrue(forkLines.get(0).matches("cmbench: fork 1 of 4 \\(round 1 of 2\\) took [0-9.]+ s: "
                + "BatchBenchmark.makespan \\{.*}; time left known after a fork that ends well|.*about \\d+ s left"),
                forkLines.get(0));
        assertTrue(forkLines.get(3).endsWith("; the last"), forkLines.get(3));
        assertFalse(run.out().contains("# Warmup") || run.out().contains("Iteration") || run.out().contains("REMEMBER"),
                "JMH's own output is not on the console: " + run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("  virtual +[0-9.]+ ms · \\d+%")),
                "the headline table ends the run: " + run.out());
        assertTrue(run.out().lines().count() <= 20, run.out());
        List<Path> logs;
        try (Stream<Path> files = Files.list(out.resolve("forks"))) {
            logs = files.filter(f -> f.toString().endsWith(".log")).toList();
        }
        assertEquals(4, logs.size());
        for (Path log : logs) {
            assertTrue(Files.readString(log).contains("# Benchmark: dev.cmbench.bench.BatchBenchmark.makespan"), log.toString());
        }
        assertEquals("", Files.readString(dir.resolve("failure.txt")), "a run that ends well leaves no failure");
    }

    @Test
    void forksZeroIsRefusedInOneLine() {
        List<String> args = new ArrayList<>(List.of(args(dir.resolve("run"))));
        args.set(args.indexOf("-f") + 1, "0");
        Console run = capture(() -> SuiteRunner.run(args.toArray(String[]::new)));

        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("cmbench: -f 0 runs the benchmarks inside the runner's own JVM"), run.err());
        assertOneLineFailure(run.err().strip());
    }

    @Test
    void aCorruptRunJsonIsRefusedInOneLineNamingIt() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("run.json"), "{\"state\": \"partial\", \"done\": [");
        Console run = capture(() -> SuiteRunner.run(args(out, "--resume")));

        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("cannot resume: " + out.resolve("run.json") + " is not a run state"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertOneLineFailure(run.err().strip());
    }

    /** A run already going on in the directory (here: a process that holds its lock) refuses a second at once. */
    @Test
    void aSecondRunBesideAFirstIsRefusedNamingIt() throws Exception {
        Path out = dir.resolve("run");
        Process first = new ProcessBuilder("sleep", "120").start();
        try {
            Files.createDirectories(out);
            String started = first.info().startInstant().orElseThrow().toString();
            Files.writeString(out.resolve(RunLock.FILE), "pid=" + first.pid() + "\nstarted=" + started + "\n");

            long start = System.nanoTime();
            Console run = capture(() -> SuiteRunner.run(args(out)));

            assertEquals(2, run.exit());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "at once, before any fork");
            assertEquals("cmbench: another run is going on in " + out + ": process " + first.pid() + ", started " + started
                    + "; wait for it to end, or run in another checkout", run.err().strip());
            assertFalse(Files.exists(out.resolve("run.json")), "nothing of the first run's touched");
            assertOneLineFailure(run.err().strip());
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertTrue(RunLock.take(out).lock().isPresent(), "a lock whose process is gone is taken over");
    }

    /** A disturbed fork is said in its own line, not in a line of its own: one line a fork still. */
    @Test
    void aDisturbedForkIsSaidInItsOwnProgressLine() {
        Configuration one = new Configuration("dev.cmbench.bench.X.y", org.openjdk.jmh.annotations.Mode.AverageTime,
                new java.util.TreeMap<>(java.util.Map.of("n", "1")), 2, 1);
        RunState state = new RunState(RunState.RUNNING, 1, "2026-11-26T00:00:00Z", List.of(), "", 1, 500, "given: 500",
                List.of(Side.thisTree()), List.of(one.label()), 2, List.of(), List.of(), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ForkProgress progress = new ForkProgress(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(one), state);

        progress.ended(new RoundSchedule.Slot(0, 0, 0), Side.thisTree(), 0, 1.5, null,
                "other processes used 14.5 % of the machine's CPU time (over 10 %)", List.of(new RoundSchedule.Slot(1, 0, 0)));
        progress.ended(new RoundSchedule.Slot(1, 0, 0), Side.thisTree(), 1, 1.5, null, null, List.of());

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("; disturbed: other processes used 14.5 % of the machine's CPU time (over 10 %),"
                + " kept and flagged in run.json and the report; about 2 s left"), lines.get(0));
        assertFalse(lines.get(1).contains("disturbed"), lines.get(1));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    /** The line Maven fails the build with is the run's own last line. */
    private void assertOneLineFailure(String line) {
        try {
            assertEquals(line + "\n", Files.readString(dir.resolve("failure.txt")));
        } catch (java.io.IOException e) {
            throw new AssertionError("no failure file", e);
        }
    }
}
