package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary says what its intervals can say: "no clear winner" only where the two leaders'
 * intervals overlap; with one fork, or none ({@code -f 0}, inside JMH's JVM), the factor and
 * that no interval tells whether it repeats.
 */
class SummaryWordingTest {

    @TempDir
    Path dir;

    /** JMHSample_08_DeadCode (measureRight ≈ 20 × baseline) with only its first fork, run as {@code forks}. */
    private Fixtures.Run oneForkRun(int forks) {
        ArrayNode results = Fixtures.tree("gc-1.37.json");
        for (JsonNode result : results) {
            ((ObjectNode) result).put("forks", forks);
            ((ArrayNode) result.get("primaryMetric").get("rawData")).remove(1);
        }
        return Fixtures.analyzer("report", Fixtures.write(dir, "forks-" + forks + ".json", results).toString());
    }

    @Test
    void oneForkGivesTheFactorAndNoVerdictOnRepeating() {
        Fixtures.Run run = oneForkRun(1);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("- JMHSample\\_08\\_DeadCode · avgt: baseline is fastest at 0.748 ns, 1.01× faster than"
                + " measureWrong (0.758 ns); one fork each, so no interval says whether that repeats."), run.out());
        assertFalse(run.out().contains("no clear winner"), run.out());
    }

    @Test
    void aRunInsideJmhsJvmIsNotOneFork() {
        Fixtures.Run run = oneForkRun(0);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("; run inside JMH's own JVM (forks: 0), so no interval says whether that repeats."),
                run.out());
        assertTrue(run.out().contains("3 results ran inside JMH's own JVM (forks: 0): no interval between JVMs"), run.out());
        assertFalse(run.out().contains("one fork"), run.out());
    }

    @Test
    void overlappingIntervalsAreNoClearWinner() {
        Fixtures.Run run = Fixtures.analyzer("report", Fixtures.path("gc-1.37.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(") lead with overlapping intervals; no clear winner."), run.out());
    }
}
