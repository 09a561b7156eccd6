package dev.cmbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.SuiteFixture;
import dev.cmbench.analysis.stats.ReportTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompareTest {

    private static final String MEASURE_AVG = "measureAvgTime";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"modes-1.37.json", "params-1.37.json", "aux-group-1.37.json", "gc-1.37.json",
            "old-gc-aux-1.21.json", "nan-1.37.json"})
    void aaComparisonPasses(String name) {
        String file = Fixtures.path(name).toString();
        Fixtures.Run run = Fixtures.analyzer("compare", "--gate-secondary", "gc.alloc.rate.norm", file, file);
        assertEquals(Analyzer.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("**Verdict: PASS**"), run.out());
        assertFalse(run.out().contains("| slower |"), run.out());
    }

    @Test
    void aaComparisonOfTwoRealRunsOfUnchangedCodePasses() throws IOException {
        Path one = SuiteFixture.write(dir.resolve("a"), "suite-a");
        Path two = SuiteFixture.write(dir.resolve("b"), "suite-b");
        Fixtures.Run run = Fixtures.analyzer("compare", one.toString(), two.toString());
        assertEquals(Analyzer.OK, run.exitCode(), run.out() + run.err());
        assertFalse(run.out().contains("| slower |"), run.out());
    }

    @Test
    void aBenchmarkSlowedBy25PercentFailsAndIsNamed() {
        Path slowed = Fixtures.write(dir, "slowed.json",
                Fixtures.scaled(Fixtures.tree("modes-1.37.json"), Fixtures.benchmark(MEASURE_AVG, "avgt"), 1.25));

        Fixtures.Run run = Fixtures.analyzer("compare", Fixtures.path("modes-1.37.json").toString(), slowed.toString());

        assertEquals(Analyzer.REGRESSION, run.exitCode(), run.out() + run.err());
        String verdict = run.out().lines().filter(l -> l.startsWith("**Verdict")).findFirst().orElseThrow();
        assertTrue(verdict.startsWith("**Verdict: FAIL**") && verdict.contains(MEASURE_AVG) && verdict.contains("+25.0%"),
                verdict);
        assertEquals(1, ReportTest.count(run.out(), "| slower |"), run.out());
        assertTrue(run.out().indexOf("| slower |") < run.out().indexOf("| unchanged |"), "worst first");
    }

    /** Benjamini–Hochberg over m comparisons must still let a clear regression through. */
    @Test
    void aRegressionIsFoundAmongSixHundredComparisons() {
        ArrayNode many = Fixtures.JSON.createArrayNode();
        var template = Fixtures.tree("modes-1.37.json").get(4); // measureAvgTime, avgt
        for (int i = 0; i < 600; i++) {
            ObjectNode entry = template.deepCopy();
            entry.putObject("params").put("i", Integer.toString(i));
            many.add(entry);
        }
        Path base = Fixtures.write(dir, "many.json", many);
        Path slowed = Fixtures.write(dir, "many-slowed.json",
                Fixtures.scaled(many, e -> e.get("params").get("i").asText().equals("300"), 1.25));

        Fixtures.Run run = Fixtures.analyzer("compare", base.toString(), slowed.toString());

        assertEquals(Analyzer.REGRESSION, run.exitCode(), run.out().lines().filter(l -> l.startsWith("**")).toList()
                .toString());
        assertTrue(run.out().contains("{i=300}"), "names it");
        assertEquals(1, ReportTest.count(run.out(), "| slower |"));
    }

    @Test
    void aThreePercentChangeUnderTheDefaultThresholdPasses() {
        Path slowed = Fixtures.write(dir, "slower3.json",
                Fixtures.scaled(Fixtures.tree("modes-1.37.json"), Fixtures.benchmark(MEASURE_AVG, "avgt"), 1.03));

        Fixtures.Run run = Fixtures.analyzer("compare", Fixtures.path("modes-1.37.json").toString(), slowed.toString());

        assertEquals(Analyzer.OK, run.exitCode(), run.out());
        assertTrue(Pattern.compile("\\| unchanged \\| [^|]*measureAvgTime[^|]*\\| score \\|[^\\n]*\\+3\\.0%").matcher(run.out())
                .find(), run.out());
        // the same change fails a gate whose threshold is 2 %
        Fixtures.Run strict = Fixtures.analyzer("compare", "--threshold", "2%",
                Fixtures.path("modes-1.37.json").toString(), slowed.toString());
        assertEquals(Analyzer.REGRESSION, strict.exitCode(), strict.out());
    }

    @Test
    void throughputThatDropsIsSlowerAndTimeThatDropsIsFaster() {
        ArrayNode changed = Fixtures.scaled(Fixtures.tree("modes-1.37.json"),
                Fixtures.benchmark("measureThroughput", "thrpt"), 0.75);
        changed = Fixtures.scaled(changed, Fixtures.benchmark("measureSingleShot", "ss"), 0.75);
        Path file = Fixtures.write(dir, "changed.json", changed);

        Fixtures.Run run = Fixtures.analyzer("compare", Fixtures.path("modes-1.37.json").toString(), file.toString());

        assertEquals(Analyzer.REGRESSION, run.exitCode(), run.out());
        assertTrue(Pattern.compile("\\| slower \\| [^|]*measureThroughput").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("\\| faster \\| [^|]*measureSingleShot").matcher(run.out()).find(), run.out());
    }

    @Test
    void unitsAreConvertedBeforeComparing() {
        ArrayNode micros = Fixtures.tree("modes-1.37.json");
        for (var entry : micros) {
            if (entry.get("mode").asText().equals("avgt")) {
                ObjectNode metric = (ObjectNode) entry.get("primaryMetric");
                Fixtures.scaleMetric(metric, 1000);
                metric.put("scoreUnit", "ns/op"); // us → ns: every number × 1000, the same times
            }
        }
        Path file = Fixtures.write(dir, "nanos.json", micros);
        Fixtures.Run run = Fixtures.analyzer("compare", Fixtures.path("modes-1.37.json").toString(), file.toString());
        assertEquals(Analyzer.OK, run.exitCode(), run.out());
        assertFalse(run.out().contains("| slower |") || run.out().contains("| faster |"), run.out());
    }

    @Test
    void newMissingAndIgnoredAreListedAndDoNotFail() throws IOException {
        ArrayNode fewer = Fixtures.tree("modes-1.37.json");
        fewer.remove(0);
        Path file = Fixtures.write(dir, "fewer.json", fewer);
        Path config = dir.resolve("gate.json");
        Files.writeString(config, "{\"ignore\": [\"measureSingleShot\"]}");

        Fixtures.Run run = Fixtures.analyzer("compare", "--config", config.toString(),
                Fixtures.path("modes-1.37.json").toString(), file.toString());
        Fixtures.Run reverse = Fixtures.analyzer("compare", file.toString(), Fixtures.path("modes-1.37.json").toString());

        assertEquals(Analyzer.OK, run.exitCode(), run.out());
        assertTrue(run.out().contains("| missing |") && run.out().contains("| ignored |"), run.out());
        assertTrue(reverse.out().contains("| new |"), reverse.out());
    }

    @Test
    void perBenchmarkThresholdsComeFromTheConfigFile() throws IOException {
        Path slowed = Fixtures.write(dir, "slowed.json",
                Fixtures.scaled(Fixtures.tree("modes-1.37.json"), Fixtures.benchmark(MEASURE_AVG, "avgt"), 1.25));
        Path config = dir.resolve("gate.json");
        Files.writeString(config, "{\"thresholds\": {\"measureAvgTime \\\\[avgt\\\\]\": 0.30}}");
        Fixtures.Run run = Fixtures.analyzer("compare", "--config", config.toString(),
                Fixtures.path("modes-1.37.json").toString(), slowed.toString());
        assertEquals(Analyzer.OK, run.exitCode(), run.out() + run.err());

        Files.writeString(config, "{\"tresholds\": {}}");
        Fixtures.Run typo = Fixtures.analyzer("compare", "--config", config.toString(),
                Fixtures.path("modes-1.37.json").toString(), slowed.toString());
        assertEquals(Analyzer.BAD_INPUT, typo.exitCode());
        assertTrue(typo.err().contains("unknown field 'tresholds'"), typo.err());
    }

    @Test
    void secondaryMetricsAreGatedOnlyWhenAsked() {
        ArrayNode more = Fixtures.tree("gc-1.37.json");
        for (var entry : more) {
            Fixtures.scaleMetric((ObjectNode) entry.get("secondaryMetrics").get("gc.alloc.rate.norm"), 2);
        }
        Path file = Fixtures.write(dir, "alloc.json", more);
        String base = Fixtures.path("gc-1.37.json").toString();

        Fixtures.Run ungated = Fixtures.analyzer("compare", base, file.toString());
        Fixtures.Run gated = Fixtures.analyzer("compare", "--gate-secondary", "gc.alloc.rate.norm", base, file.toString());

        assertEquals(Analyzer.OK, ungated.exitCode(), ungated.out());
        assertEquals(Analyzer.REGRESSION, gated.exitCode(), gated.out());
        assertTrue(gated.out().contains("| gc.alloc.rate.norm |"), gated.out());
    }

    @Test
    void oneForkIsInconclusiveAndAFailedScoreFails() {
        String one = Fixtures.path("nan-1.37.json").toString();
        Fixtures.Run run = Fixtures.analyzer("compare", one, one);
        assertTrue(run.out().contains("| inconclusive |") && run.out().contains("one fork cannot tell"), run.out());
        assertEquals(Analyzer.OK, run.exitCode());

        ArrayNode failed = Fixtures.tree("modes-1.37.json");
        ((ObjectNode) failed.get(0).get("primaryMetric")).put("score", "NaN");
        Path file = Fixtures.write(dir, "failed.json", failed);
        Fixtures.Run broken = Fixtures.analyzer("compare", Fixtures.path("modes-1.37.json").toString(), file.toString());
        assertEquals(Analyzer.REGRESSION, broken.exitCode(), broken.out());
        assertTrue(broken.out().contains("| failed |"), broken.out());
    }

    @Test
    void differentEnvironmentsAreRefusedUnlessAllowed() throws IOException {
        Path one = SuiteFixture.write(dir.resolve("one"));
        Path two = SuiteFixture.write(dir.resolve("two"));
        Path env = two.resolveSibling("env.json");
        Files.writeString(env, Files.readString(env).replaceFirst("\"cores\"\\s*:\\s*2", "\"cores\" : 16"));

        Fixtures.Run refused = Fixtures.analyzer("compare", one.toString(), two.toString());
        Fixtures.Run allowed = Fixtures.analyzer("compare", "--allow-env-mismatch", one.toString(), two.toString());

        assertEquals(Analyzer.BAD_INPUT, refused.exitCode());
        assertTrue(refused.err().contains("refusing to gate across different environments (cores: '2' in the baseline, "
                + "'16' now)"), refused.err());
        assertEquals(Analyzer.OK, allowed.exitCode(), allowed.out());
        assertTrue(allowed.out().contains("The environments differ"), allowed.out());
        assertTrue(allowed.err().contains("WARNING"), allowed.err());
    }

    @Test
    void aDifferentJvmFlagIsAnEnvironmentDifferenceButTheSuitesBookkeepingIsNot() throws IOException {
        Path one = SuiteFixture.write(dir.resolve("a"), "suite-a");
        Path two = SuiteFixture.write(dir.resolve("b"), "suite-b");
        // the two runs' -Dcmbench.* log paths differ already (they wrote to different directories)
        assertEquals(Analyzer.OK, Fixtures.analyzer("compare", one.toString(), two.toString()).exitCode());
        ArrayNode changed = (ArrayNode) Fixtures.JSON.readTree(two.toFile());
        for (var entry : changed) {
            ArrayNode args = (ArrayNode) entry.get("jvmArgs");
            args.add("-XX:+UseParallelGC");
        }
        Fixtures.JSON.writeValue(two.toFile(), changed);
        Fixtures.Run refused = Fixtures.analyzer("compare", one.toString(), two.toString());
        assertEquals(Analyzer.BAD_INPUT, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("-XX:+UseParallelGC"), refused.err());
    }

    @Test
    void theGateIsDeterministicAndSummarisesEachFamily() {
        Path slowed = Fixtures.write(dir, "slowed.json",
                Fixtures.scaled(Fixtures.tree("modes-1.37.json"), Fixtures.benchmark(MEASURE_AVG, "avgt"), 1.25));
        String base = Fixtures.path("modes-1.37.json").toString();
        Fixtures.Run first = Fixtures.analyzer("compare", base, slowed.toString());
        Fixtures.Run second = Fixtures.analyzer("compare", base, slowed.toString());
        assertEquals(first.out(), second.out());
        assertTrue(first.out().contains("- JMHSample\\_02\\_BenchmarkModes · avgt: ×1.0"), first.out());
    }

    @Test
    void theMarkdownCanAlsoBeWrittenToAFile() throws IOException {
        String base = Fixtures.path("modes-1.37.json").toString();
        Path out = dir.resolve("comment.md");
        Fixtures.Run run = Fixtures.analyzer("gate", "--out", out.toString(), base, base);
        assertEquals(Analyzer.OK, run.exitCode());
        assertEquals(run.out(), Files.readString(out));
        ReportTest.assertTablesLineUp(run.out());
    }
}
