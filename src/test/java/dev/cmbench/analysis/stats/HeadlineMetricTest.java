package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark whose figure is a secondary metric (bytes per unit, ns per operation of a time-boxed
 * round) is summarised and gated on that figure, not on the primary score that only frames it.
 */
class HeadlineMetricTest {

    private static final String FOOTPRINT = "dev.cmbench.bench.FootprintBenchmark.startBlockedUnits";

    @TempDir
    Path dir;

    @Test
    void theSummaryRanksTheFigureNotTheFrame() throws IOException {
        Path results = withHeadline(dir);

        Fixtures.Run report = Fixtures.analyzer("report", results.toString());

        assertEquals(0, report.exitCode(), report.err());
        String summary = report.out().substring(report.out().indexOf("## Summary"));
        summary = summary.substring(0, summary.indexOf("\n## ", 3));
        assertTrue(summary.contains("FootprintBenchmark · ss · bytesPerUnit"), summary);
        assertTrue(summary.contains(" is lowest at ") || summary.contains(" lead "), summary);
        assertFalse(summary.contains("FootprintBenchmark · ss (") || summary.contains("FootprintBenchmark · ss:"),
                "the time to start the units only frames the figure: " + summary);
    }

    @Test
    void theGateTestsTheFigureOfEveryBenchmarkThatNamesOne() throws IOException {
        Path baseline = withHeadline(dir.resolve("a"));
        Path current = withHeadline(dir.resolve("b"));

        Fixtures.Run compare = Fixtures.analyzer("compare", baseline.toString(), current.toString());

        assertEquals(0, compare.exitCode(), compare.err());
        assertTrue(compare.out().contains("bytesPerUnit"), compare.out());
    }

    private static Path withHeadline(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path results = Files.copy(Fixtures.path("suite-families-1.37.json"), dir.resolve("jmh.json"));
        ObjectNode env = Fixtures.JSON.createObjectNode();
        env.put("cores", 2);
        env.putObject("headlineMetrics").put(FOOTPRINT, "bytesPerUnit");
        Fixtures.JSON.writeValue(dir.resolve("env.json").toFile(), env);
        return results;
    }
}
