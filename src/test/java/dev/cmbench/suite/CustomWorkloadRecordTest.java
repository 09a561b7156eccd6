package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.workload.Calibration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workload the run names on its command line is recorded in env.json like the named ones, so
 * that the report gives its batches an efficiency against the ideal bound.
 */
class CustomWorkloadRecordTest {

    private static final String CUSTOM = "sleep:10ms+compute:10us";

    @TempDir
    Path dir;

    @Test
    void envJsonRecordsTheRunsOwnWorkloadBesideTheNamedOnes() throws Exception {
        JsonNode workloads = env(List.of("-p", "workload=io," + CUSTOM + ",sleep:1ms", "BatchBenchmark")).get("workloads");

        assertEquals(List.of("io", "mixed", "cpu", CUSTOM), names(workloads));
        assertEquals(10_000, workloads.get(CUSTOM).get("sleepMicros").asDouble());
        assertEquals(10, workloads.get(CUSTOM).get("computeMicros").asDouble());
    }

    @Test
    void theReportGivesACustomWorkloadItsEfficiency() throws Exception {
        String results = Files.readString(Path.of(getClass().getResource("/suite-a/jmh.json").toURI()))
                .replace("\"workload\" : \"io\"", "\"workload\" : \"" + CUSTOM + "\"");
        Files.writeString(dir.resolve("jmh.json"), results);
        Files.write(dir.resolve("env.json"), EnvironmentRecord.json(new SuiteCalibration(new Calibration(500), "given: 500"),
                List.of(), List.of(), RunStates.complete(), Side.thisTree(), Map.of(), Map.of(), Map.of(), List.of(), "quick",
                List.of("-p", "workload=" + CUSTOM + ",cpu")));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Analyzer.run(new PrintWriter(out, true), new PrintWriter(err, true), "report",
                dir.resolve("jmh.json").toString());

        assertEquals(0, exit, err.toString());
        String md = out.toString();
        assertTrue(md.contains("## BatchBenchmark · avgt · workload=" + CUSTOM), md);
        String table = md.substring(md.indexOf("workload=" + CUSTOM));
        assertTrue(Pattern.compile("\\| virtual \\| [^|]* \\([^)]*eff \\d+%\\)").matcher(table).find(), md);
        assertFalse(err.toString().contains(CUSTOM), err.toString());
    }

    private static JsonNode env(List<String> jmhArgs) throws Exception {
        return new ObjectMapper().readTree(EnvironmentRecord.json(new SuiteCalibration(new Calibration(500), "given: 500"),
                List.of(), List.of(), RunStates.complete(), Side.thisTree(), Map.of(), Map.of(), Map.of(), List.of(), "quick", jmhArgs));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
