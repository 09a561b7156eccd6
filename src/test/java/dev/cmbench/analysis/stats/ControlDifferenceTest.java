package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cmbench.analysis.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result beside its control: the report shows the difference, per unit where asked, with a repeat run's interval. */
class ControlDifferenceTest {

    @TempDir
    Path dir;

    /** Welch's interval on the raw fork means, doubled in variance for a repeat run, divided like the difference. */
    @Test
    void theIntervalIsWelchsForARepeatRunDividedByTheUnits() {
        double[] result = {10, 12, 14};
        double[] control = {5, 5, 5}; // no spread: the degrees of freedom are the result's, 2
        double half = new TDistribution(2).inverseCumulativeProbability(0.975) * Math.sqrt(2 * 4.0 / 3);
        ForkInterval perOne = ControlDifference.interval(result, control, 1, 7);
        assertEquals(7 - half, perOne.low(), 1e-9);
        assertEquals(7 + half, perOne.high(), 1e-9);
        ForkInterval perTwo = ControlDifference.interval(result, control, 2, 3.5);
        assertEquals(half / 2, perTwo.high() - 3.5, 1e-9);
        assertNull(ControlDifference.interval(new double[] {10}, control, 1, 5), "one fork: no interval");
    }

    @Test
    void theReportShowsEachResultMinusItsControlAndNoRowForTheControl() throws IOException {
        ArrayNode cancels = cancelsToGone();
        Path results = Fixtures.write(dir, "jmh.json", cancels);
        Fixtures.write(dir, "env.json", Fixtures.JSON.readTree("{\"controls\":{\"dev.cmbench.bench.CancelBenchmark"
                + ".cancelToGone\":{\"param\":\"kind\",\"value\":\"future-pool\",\"per\":\"\"}}}"));

        Fixtures.Run report = Fixtures.analyzer("report", results.toString());

        assertEquals(0, report.exitCode(), report.err());
        String md = report.out();
        String title = "## CancelBenchmark · avgt · minus kind=future-pool";
        assertTrue(md.contains(title), "no difference table: " + md);
        String section = md.substring(md.indexOf(title));
        section = section.substring(0, section.indexOf("\n## ", 1));
        assertTrue(section.contains("the row's score minus that of its control (kind=future-pool"), section);
        assertTrue(!section.contains("| future-pool |"), "the control has no difference of its own: " + section);
        double expected = meanOfForkMeans(cancels, "interrupt-virtual") - meanOfForkMeans(cancels, "future-pool");
        Matcher cell = Pattern.compile("\\| interrupt-virtual \\| (-?[0-9.]+) (ns|µs|ms)").matcher(section);
        assertTrue(cell.find(), section);
        double shown = micros(cell.group(1), cell.group(2));
        assertEquals(expected, shown, Math.abs(expected) * 0.01 + 1e-3, section);
    }

    /** Two runs side by side: each run's result minus its own run's control, not the first run's. */
    @Test
    void besideAnotherRunEachResultIsTakenFromItsOwnRunsControl() throws IOException {
        ArrayNode cancels = cancelsToGone();
        // Run b's control costs twice run a's; its other kinds the same.
        ArrayNode slowerControl = Fixtures.scaled(cancels, r -> r.get("params").get("kind").asText().equals("future-pool"), 2);
        String env = "{\"controls\":{\"dev.cmbench.bench.CancelBenchmark.cancelToGone\":{\"param\":\"kind\","
                + "\"value\":\"future-pool\",\"per\":\"\"}}}";
        Path a = Fixtures.write(dir.resolve("a"), "jmh.json", cancels);
        Fixtures.write(dir.resolve("a"), "env.json", Fixtures.JSON.readTree(env));
        Path b = Fixtures.write(dir.resolve("b"), "jmh.json", slowerControl);
        Fixtures.write(dir.resolve("b"), "env.json", Fixtures.JSON.readTree(env));

        Fixtures.Run report = Fixtures.analyzer("report", a.toString(), b.toString());

        assertEquals(0, report.exitCode(), report.err());
        String md = report.out();
        String section = md.substring(md.indexOf("## CancelBenchmark · avgt · minus kind=future-pool"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Matcher cells = Pattern.compile("\\| interrupt-virtual \\| (-?[0-9.]+) (ns|µs|ms)[^|]*\\| (-?[0-9.]+) (ns|µs|ms)")
                .matcher(section);
        assertTrue(cells.find(), section);
        double own = meanOfForkMeans(cancels, "interrupt-virtual");
        assertEquals(own - meanOfForkMeans(cancels, "future-pool"), micros(cells.group(1), cells.group(2)),
                Math.abs(own) * 0.01, section);
        assertEquals(own - meanOfForkMeans(slowerControl, "future-pool"), micros(cells.group(3), cells.group(4)),
                Math.abs(own) * 0.01, "run b minus run b's control: " + section);
    }

    private static double micros(String value, String unit) {
        return Double.parseDouble(value) * switch (unit) {
            case "ns" -> 1e-3;
            case "ms" -> 1e3;
            default -> 1;
        };
    }

    /** The fixture's CancelBenchmark.cancelToGone results: a kind per result, future-pool the control. */
    private static ArrayNode cancelsToGone() {
        ArrayNode cancels = Fixtures.JSON.createArrayNode();
        for (JsonNode result : Fixtures.tree("suite-families-1.37.json")) {
            if (result.get("benchmark").asText().endsWith("CancelBenchmark.cancelToGone")) {
                cancels.add(result);
            }
        }
        return cancels;
    }

    /** The mean of a kind's fork means, in its unit (µs here). */
    private static double meanOfForkMeans(ArrayNode results, String kind) {
        for (JsonNode result : results) {
            if (result.get("params").get("kind").asText().equals(kind)) {
                double sum = 0;
                JsonNode forks = result.get("primaryMetric").get("rawData");
                for (JsonNode fork : forks) {
                    double forkSum = 0;
                    for (JsonNode iteration : fork) {
                        forkSum += iteration.asDouble();
                    }
                    sum += forkSum / fork.size();
                }
                return sum / forks.size();
            }
        }
        throw new AssertionError("no " + kind);
    }
}
