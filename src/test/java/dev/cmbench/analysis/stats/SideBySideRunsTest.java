package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.analysis.read.ResultSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of the same benchmarks on different machines or JDKs (a CI matrix) in one report: columns
 * side by side, named by what differs, each with its ratio to the first run's cell in its row.
 */
class SideBySideRunsTest {

    @TempDir
    Path dir;

    /** Run A as the suite wrote it; run B "on" 4 cores and another JDK, its virtual threads 25 % slower. */
    private List<Path> twoMachines() throws IOException {
        Path a = SuiteFixture.write(dir.resolve("a"));
        Path b = SuiteFixture.write(dir.resolve("b"));
        ObjectNode env = (ObjectNode) Fixtures.JSON.readTree(b.resolveSibling("env.json").toFile());
        env.put("cores", 4);
        Fixtures.write(b.getParent(), "env.json", env);
        ArrayNode results = Fixtures.scaled((ArrayNode) Fixtures.JSON.readTree(b.toFile()),
                e -> e.get("params").get("model").asText().equals("virtual"), 1.25);
        for (JsonNode result : results) {
            ((ObjectNode) result).put("vmVersion", "26-ea+5").put("jdkVersion", "26-ea");
        }
        Fixtures.write(b.getParent(), "jmh.json", results);
        return List.of(a, b);
    }

    @Test
    void runsOfTwoMachinesAreColumnsNamedByWhatDiffers() throws IOException {
        List<Path> runs = twoMachines();
        Fixtures.Run run = Fixtures.analyzer("report", runs.get(0).toString(), runs.get(1).toString());

        assertEquals(0, run.exitCode(), run.err());
        String md = run.out();
        ReportTest.assertTablesLineUp(md);
        String first = "2 cores · JDK 25.0.3+9-LTS";
        String second = "4 cores · JDK 26-ea+5";
        assertTrue(md.contains("2 runs side by side, differing in cores and JDK: " + first + " (" + runs.get(0) + "); "
                + second + " (" + runs.get(1) + ")."), md);
        assertTrue(md.contains("| model | tasks=100, " + first + " | tasks=100, " + second + " | tasks=1000, " + first
                + " | tasks=1000, " + second + " |"), "the runs of one configuration side by side: " + md);
        assertTrue(md.contains("ratio = score / score of the first run (" + first + ") in the same row"), md);
        assertTrue(md.contains("| a/jmh.json cores | 2 |") && md.contains("| b/jmh.json cores | 4 |"),
                "each run's environment, named by its directory: " + md);
    }

    @Test
    void eachCellsRatioIsToTheFirstRunInItsRow() throws Exception {
        List<Path> runs = twoMachines();
        Report report = ReportBuilder.build(List.of(ResultSet.read(runs.get(0)), ResultSet.read(runs.get(1))),
                new ReportBuilder.Options("t", null, "workload", null));

        Report.Table io = report.tables().stream().filter(t -> t.title().equals("BatchBenchmark · avgt · workload=io"))
                .findFirst().orElseThrow();
        assertTrue(io.acrossRuns());
        for (Report.Row row : io.rows()) {
            for (int c = 0; c < io.columns().size(); c += 2) {
                Report.Cell a = row.cells().get(c);
                Report.Cell b = row.cells().get(c + 1);
                if (a.isEmpty()) {
                    continue;
                }
                assertEquals(1.0, a.ratio(), 1e-12, row.label());
                double expected = row.label().equals("virtual") ? 1.25 : 1.0;
                assertEquals(expected, b.ratio(), 1e-9, row.label() + " " + io.columns().get(c + 1));
                assertTrue(b.result().source().startsWith(dir.resolve("b").toString()), "run B's column holds run B");
            }
        }
        assertEquals(List.of("platform", "fixed-pool", "virtual", "process"), io.rows().stream().map(Report.Row::label)
                .toList(), "one row per model, not per model and run");
        assertTrue(report.latency().stream().flatMap(g -> g.rows().stream())
                .anyMatch(r -> r.label().equals("virtual · 4 cores · JDK 26-ea+5")), "latency rows name their run");
    }

    /** Files with different results are one report, as before: no run columns. */
    @Test
    void filesOfDifferentResultsAreStillOneRun() throws Exception {
        Report report = ReportBuilder.build(List.of(ResultSet.read(Fixtures.path("params-1.37.json")),
                ResultSet.read(Fixtures.path("modes-1.37.json"))), new ReportBuilder.Options("t", null, "workload", null));
        assertTrue(report.runs().isEmpty());
        assertTrue(report.tables().stream().noneMatch(Report.Table::acrossRuns));
    }

    /** A run with a JVM option against one without: named by the option, not by every option either has. */
    @Test
    void runsThatDifferInAJvmOptionAreNamedByIt() throws IOException {
        Path a = SuiteFixture.write(dir.resolve("a"));
        Path b = SuiteFixture.write(dir.resolve("b"));
        ObjectNode env = (ObjectNode) Fixtures.JSON.readTree(b.resolveSibling("env.json").toFile());
        ((ArrayNode) env.get("jvmArgs")).add("-XX:+UseSerialGC");
        ((ArrayNode) env.get("jmhArgs")).add("-jvmArgsAppend").add("-XX:+UseSerialGC");
        Fixtures.write(b.getParent(), "env.json", env);

        Fixtures.Run run = Fixtures.analyzer("report", a.toString(), b.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 runs side by side, differing in JVM options: without -XX:+UseSerialGC (" + a
                + "); -XX:+UseSerialGC (" + b + ")."), run.out());
        assertTrue(run.out().contains("| model | tasks=100, without -XX:+UseSerialGC | tasks=100, -XX:+UseSerialGC |"),
                run.out());
    }

    /** Two machines of as many cores but different processors (env.json's cpu): named by the processor. */
    @Test
    void runsOnTwoProcessorsAreNamedByTheProcessor() throws IOException {
        Path a = SuiteFixture.write(dir.resolve("a"));
        Path b = SuiteFixture.write(dir.resolve("b"));
        for (Path run : List.of(a, b)) {
            ObjectNode env = (ObjectNode) Fixtures.JSON.readTree(run.resolveSibling("env.json").toFile());
            env.putObject("cpu").put("model", run == a ? "AMD EPYC 7B13" : "Intel Xeon Platinum 8488C")
                    .put("logicalCpus", 2).put("cores", 2).put("threadsPerCore", 1).put("sockets", 1);
            Fixtures.write(run.getParent(), "env.json", env);
        }

        Fixtures.Run run = Fixtures.analyzer("report", a.toString(), b.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 runs side by side, differing in CPU: AMD EPYC 7B13 (" + a
                + "); Intel Xeon Platinum 8488C (" + b + ")."), run.out());
        assertTrue(run.out().contains("| model | tasks=100, AMD EPYC 7B13 | tasks=100, Intel Xeon Platinum 8488C |"),
                run.out());
    }

    @Test
    void jmhFilesOfTwoJdksAreNamedByTheJdkJmhRecorded() {
        ArrayNode other = Fixtures.tree("modes-1.37.json");
        other.forEach(r -> ((ObjectNode) r).put("jdkVersion", "21.0.2").put("vmVersion", "21.0.2+13-LTS"));
        Path second = Fixtures.write(dir, "jdk21.json", other);
        Fixtures.Run run = Fixtures.analyzer("report", Fixtures.path("modes-1.37.json").toString(), second.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 runs side by side, differing in JDK: JDK "), run.out());
        assertTrue(run.out().contains(", JDK 21.0.2+13-LTS |"), run.out());
    }

    @Test
    void aFileGivenTwiceOrARepeatOfSeveralRunsIsRefused() throws IOException {
        String file = Fixtures.path("modes-1.37.json").toString();
        Fixtures.Run twice = Fixtures.analyzer("report", file, file);
        assertEquals(Analyzer.BAD_INPUT, twice.exitCode());
        assertEquals(file + ": is given twice", twice.err().strip().replace("cmbench analyzer: ", ""));

        List<Path> runs = twoMachines();
        Fixtures.Run repeat = Fixtures.analyzer("report", "--repeat", runs.get(1).toString(), runs.get(0).toString(),
                runs.get(1).toString());
        assertEquals(Analyzer.BAD_INPUT, repeat.exitCode(), repeat.out());
        assertTrue(repeat.err().contains("--repeat checks one run"), repeat.err());
    }
}
