package dev.cmbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets one clear line naming the file and the problem, exit 2, no stack
 * trace, and no output file, half-written or whole.
 */
class BadInputTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> badFiles() throws IOException {
        String modes = Files.readString(Fixtures.path("modes-1.37.json"));
        ArrayNode wrongType = Fixtures.tree("nan-1.37.json");
        ((ObjectNode) wrongType.get(0).get("primaryMetric")).putObject("score");
        ArrayNode badUnit = Fixtures.tree("nan-1.37.json");
        ((ObjectNode) badUnit.get(0).get("primaryMetric")).put("scoreUnit", "bananas/op");
        ArrayNode duplicate = Fixtures.tree("nan-1.37.json");
        duplicate.add(duplicate.get(0).deepCopy());
        ArrayNode badMode = Fixtures.tree("nan-1.37.json");
        ((ObjectNode) badMode.get(0)).put("mode", "fast");
        ArrayNode numberName = Fixtures.tree("nan-1.37.json");
        ((ObjectNode) numberName.get(0)).put("benchmark", 42);
        ArrayNode rawText = Fixtures.tree("nan-1.37.json");
        ((ArrayNode) rawText.get(0).get("primaryMetric").get("rawData").get(0)).add("lots");
        byte[] garbage = new byte[512];
        new Random(7).nextBytes(garbage);
        return Stream.of(
                Arguments.of("missing.json", null, "no such file"),
                Arguments.of("empty.json", new byte[0], "is empty"),
                Arguments.of("blank.json", "  \n ".getBytes(StandardCharsets.UTF_8), "is empty"),
                Arguments.of("empty-array.json", "[]".getBytes(StandardCharsets.UTF_8), "holds no results"),
                Arguments.of("object.json", "{\"benchmark\": \"x\"}".getBytes(StandardCharsets.UTF_8),
                        "expected a JSON array of JMH results, found an object"),
                Arguments.of("truncated.json", modes.substring(0, modes.length() / 2).getBytes(StandardCharsets.UTF_8),
                        "ends early (truncated?)"),
                Arguments.of("garbage.json", garbage, "is not valid JSON"),
                Arguments.of("wrong-type.json", bytes(wrongType), "primaryMetric.score must be a number, found an object"),
                Arguments.of("unknown-unit.json", bytes(badUnit), "unknown unit 'bananas/op'"),
                Arguments.of("duplicate.json", bytes(duplicate), "entries 1 and 2 are the same result"),
                Arguments.of("bad-mode.json", bytes(badMode), "mode 'fast' is not one of"),
                Arguments.of("number-name.json", bytes(numberName), "benchmark must be a non-empty string, found a number"),
                Arguments.of("raw-text.json", bytes(rawText), "rawData[0][1] must be a number, found a string 'lots'"));
    }

    private static byte[] bytes(ArrayNode node) throws IOException {
        return Fixtures.JSON.writeValueAsBytes(node);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void reportRejectsItWithOneLine(String name, byte[] content, String problem) throws IOException {
        Path file = dir.resolve(name);
        if (content != null) {
            Files.write(file, content);
        }
        Path out = dir.resolve("out-" + name);
        Fixtures.Run run = Fixtures.analyzer("report", "--format", "all", "--out", out.toString(), file.toString());

        assertEquals(Analyzer.BAD_INPUT, run.exitCode(), run.err());
        assertOneLineNaming(run.err(), file, problem);
        assertFalse(Files.exists(out), "no output may be written for bad input");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void compareRejectsItWithOneLine(String name, byte[] content, String problem) throws IOException {
        Path file = dir.resolve("c-" + name);
        if (content != null) {
            Files.write(file, content);
        }
        Fixtures.Run run = Fixtures.analyzer("compare", Fixtures.path("nan-1.37.json").toString(), file.toString());
        assertEquals(Analyzer.BAD_INPUT, run.exitCode(), run.err());
        assertOneLineNaming(run.err(), file, problem);
    }

    @Test
    void aBrokenEnvJsonBesideTheResultsIsNamed() throws IOException {
        Path runDir = dir.resolve("with-env");
        Path results = Fixtures.write(runDir, "jmh.json", Fixtures.tree("nan-1.37.json"));
        Files.writeString(runDir.resolve("env.json"), "{\"cores\": \"two\"}");
        Fixtures.Run run = Fixtures.analyzer("report", results.toString());
        assertEquals(Analyzer.BAD_INPUT, run.exitCode());
        assertOneLineNaming(run.err(), runDir.resolve("env.json"), "cores must be a number, found a string");
    }

    @Test
    void usageErrorsAreOneLineToo() {
        for (String[] args : new String[][] {{}, {"report"}, {"frobnicate"}, {"compare", "one.json"},
                {"report", "--format", "pdf", "x.json"}, {"compare", "--threshold", "lots", "a.json", "b.json"},
                {"report", "--format", "all", "x.json"}, {"report", "--reference", "platform", "x.json"}}) {
            Fixtures.Run run = Fixtures.analyzer(args);
            assertEquals(Analyzer.BAD_INPUT, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), String.join(" ", args) + ": " + run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    static void assertOneLineNaming(String err, Path file, String problem) {
        String line = err.strip();
        assertEquals(1, line.lines().count(), "exactly one line: " + err);
        assertTrue(line.contains(file.toString()), "names the file: " + line);
        assertTrue(line.contains(problem), "says '" + problem + "': " + line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + line);
    }
}
