package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.render.Html;
import dev.cmbench.analysis.render.RepeatText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report says how many figures a second run of the same code lands inside, and names the others. */
class RepeatCheckTest {

    private static final Predicate<JsonNode> VIRTUAL_IO_100 = entry -> entry.path("params").path("model").asText()
            .equals("virtual") && entry.path("params").path("workload").asText().equals("io")
            && entry.path("params").path("tasks").asText().equals("100");

    @TempDir
    Path dir;

    @Test
    void aRunRepeatsItselfOnEveryFigureWithAnInterval() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        RepeatCheck check = check(first, first);
        int finished = ResultSet.read(first).results().size();
        assertEquals(finished, check.checked() + check.withoutInterval() + check.notRepeated());
        assertTrue(check.checked() > 10, "the fixture's batches have two forks each: " + check);
        assertEquals(check.checked(), check.inside(), "a run's own centre lies inside its interval");
        assertEquals(List.of(), check.misses());
    }

    @Test
    void aFigureThatMovedIsNamedWithItsFactorAndTheOthersStillCount() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        ArrayNode doubled = Fixtures.scaled(Fixtures.JSON.readValue(first.toFile(), ArrayNode.class), VIRTUAL_IO_100, 2);
        Path second = Fixtures.write(dir.resolve("b"), "jmh.json", doubled);

        RepeatCheck check = check(first, second);

        assertEquals(check.checked() - 1, check.inside());
        RepeatCheck.Miss miss = check.misses().get(0);
        assertEquals("BatchBenchmark.makespan [avgt] {model=virtual, poolSize=0, tasks=100, tasksPerWorker=1, workload=io}",
                miss.label());
        assertEquals(2, miss.ratio(), 1e-9, "the geometric mean of the fork means, doubled");
        assertTrue(miss.repeatValue() > miss.estimate().interval().high());
    }

    @Test
    void aFigureMissingFromTheSecondRunIsCountedNotChecked() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        ArrayNode results = Fixtures.JSON.readValue(first.toFile(), ArrayNode.class);
        ArrayNode fewer = results.deepCopy();
        fewer.remove(0);
        RepeatCheck all = check(first, first);
        RepeatCheck check = check(first, Fixtures.write(dir.resolve("b"), "jmh.json", fewer));
        assertEquals(all.checked() - 1, check.checked());
        assertEquals(1, check.notRepeated());
    }

    @Test
    void theReportShowsTheShareAndTheMissesInEveryFormat() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        ArrayNode doubled = Fixtures.scaled(Fixtures.JSON.readValue(first.toFile(), ArrayNode.class), VIRTUAL_IO_100, 2);
        Path second = Fixtures.write(dir.resolve("b"), "jmh.json", doubled);
        int checked = check(first, first).checked();

        Fixtures.Run md = Fixtures.analyzer("report", "--repeat", second.toString(), first.toString());
        assertEquals(0, md.exitCode(), md.err());
        String sentence = "lands inside this run's interval on " + (checked - 1) + " of " + checked + " figures";
        assertTrue(md.out().contains("## How far this run repeats") && md.out().contains(sentence), md.out());
        assertTrue(md.out().contains("| BatchBenchmark.makespan \\[avgt\\] {model=virtual, poolSize=0, tasks=100, tasksPerWorker=1,"
                + " workload=io} |"), md.out());
        assertTrue(md.out().contains("| ×2.00 |"), md.out());
        ReportTest.assertTablesLineUp(md.out());
        String html = Fixtures.analyzer("report", "--format", "html", "--repeat", second.toString(), first.toString()).out();
        assertTrue(html.contains("<section id=\"repeat\">") && html.contains(Html.escape(sentence)), html);
    }

    /**
     * A server step's figure is its p99, which the report takes from the latency logs: the repeat
     * checks that series, not "no interval". In the published run all 120 steps went unchecked.
     */
    @Test
    void aServerStepsP99IsCheckedOnItsLatencyLogs() throws Exception {
        Path first = loggedLoadSweep(dir.resolve("a"), 1);
        Path second = loggedLoadSweep(dir.resolve("b"), 10);

        RepeatCheck itself = check(first, first);
        RepeatCheck check = check(first, second);

        assertEquals(1, itself.checked(), itself.toString());
        assertEquals(1, itself.inside(), "a run's own centre lies inside its interval");
        assertEquals(1, check.misses().size(), check.toString());
        RepeatCheck.Miss miss = check.misses().get(0);
        assertTrue(miss.label().startsWith("ServerBenchmark.loadStep [ss] {connections=1000, kind=platform,")
                && miss.label().endsWith(" · latency.p99"), miss.label());
        assertEquals(10, miss.ratio(), 0.05, "each fork's p99 ten times as long");
        assertEquals("ns", miss.unit().text(), "the logs' series is in ns");
    }

    /**
     * A repeat on another host moves figures that no interval of one machine holds: the report
     * sets each run's measured machine beside the share, so that a reader sees it moved.
     */
    @Test
    void eachRunsMachineAsMeasuredIsSetBesideTheRepeat() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        Path second = SuiteFixture.write(dir.resolve("b"));
        machine(first, "Linux 6.18.44-fc-v857 amd64", 28.1);
        machine(second, "Linux 6.18.44-fc-v1045 amd64", 12.5);

        RepeatCheck check = check(first, second);

        assertEquals(2, check.machines().size(), check.machines().toString());
        assertEquals("kernel 'Linux 6.18.44-fc-v857 amd64' against 'Linux 6.18.44-fc-v1045 amd64'",
                check.machines().get(0));
        assertTrue(check.machines().get(1).matches("a cross-core wake-up 28\\.10? µs against 12\\.50? µs"),
                check.machines().get(1));
        assertTrue(RepeatText.sentence(check).contains("The machine, this run against the second, as each measured it: "
                + check.machines().get(0)), RepeatText.sentence(check));
        assertTrue(check(first, first).machines().stream().noneMatch(m -> m.startsWith("kernel")),
                "the same kernel is not named as a difference");
    }

    private static void machine(Path results, String os, double wakeUpMicros) throws IOException {
        editEnvironment(results, tree -> tree.put("os", os).putObject("machineFloor").put("wakeUpMicros", wakeUpMicros));
    }

    /** The load-sweep fixture with two forks' latency logs of one step, each request's latency times {@code scale}. */
    private static Path loggedLoadSweep(Path run, int scale) throws Exception {
        List<Histogram> forks = new ArrayList<>();
        for (int fork = 0; fork < 2; fork++) {
            Histogram step = new Histogram(3);
            step.recordValueWithCount((12_000_000L + 1_000_000L * fork) * scale, 99); // p99 12 and 13 ms
            step.recordValue(40_000_000L * scale);
            forks.add(step);
        }
        return Fixtures.loadSweepWithLogs(run, forks);
    }

    /** A second run given another calibration did other work per task: it is no repeat. */
    @Test
    void aSecondRunWithAnotherCalibrationIsRefusedUnlessAllowedAndThenNamed() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        Path second = SuiteFixture.write(dir.resolve("b"));
        calibrate(first, 482.6);
        calibrate(second, 445.8);

        Fixtures.Run refused = Fixtures.analyzer("report", "--repeat", second.toString(), first.toString());
        assertEquals(Analyzer.BAD_INPUT, refused.exitCode());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("compute calibration") && refused.err().contains("--allow-env-mismatch"),
                refused.err());

        Fixtures.Run allowed = Fixtures.analyzer("report", "--allow-env-mismatch", "--repeat", second.toString(),
                first.toString());
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(allowed.out().contains("The two runs differ, so the second is not a repeat of the same work: compute"
                + " calibration"), allowed.out());
    }

    private static void calibrate(Path results, double unitsPerMicro) throws IOException {
        editEnvironment(results, tree -> tree.put("unitsPerMicro", unitsPerMicro)
                .put("calibrationSource", "measured by the suite runner"));
    }

    /** Edits the env.json beside {@code results}. */
    private static void editEnvironment(Path results, Consumer<ObjectNode> edit) throws IOException {
        Path env = results.resolveSibling("env.json");
        ObjectNode tree = (ObjectNode) Fixtures.JSON.readTree(env.toFile());
        edit.accept(tree);
        Fixtures.JSON.writeValue(env.toFile(), tree);
    }

    @Test
    void aRepeatFileThatCannotBeReadIsOneLineAndBadInput() throws Exception {
        Path first = SuiteFixture.write(dir.resolve("a"));
        Fixtures.Run run = Fixtures.analyzer("report", "--repeat", dir.resolve("nosuch.json").toString(), first.toString());
        assertEquals(Analyzer.BAD_INPUT, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("nosuch.json"), run.err());
    }

    private static RepeatCheck check(Path first, Path second) throws InputException {
        Report report = ReportBuilder.build(List.of(ResultSet.read(first)), Optional.of(ResultSet.read(second)),
                BetweenRuns.none(), new ReportBuilder.Options("t", null, "workload", null));
        return report.repeat().orElseThrow();
    }
}
