package dev.cmbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.cli.Analyzer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's verdict is PASS, FAIL or UNKNOWN: a change past the threshold left undecided is never a pass. */
class RunVerdictTest {

    @TempDir
    Path dir;

    /** A user's two single-fork JMH files, every score six times slower: each inconclusive, the run not a pass. */
    @Test
    void aSixTimesSlowerSingleForkComparisonIsUnknownAndSaysWhatWouldDecideIt() {
        Path before = Fixtures.write(dir, "before.json", singleForks(1));
        Path after = Fixtures.write(dir, "after.json", singleForks(6));

        Fixtures.Run run = Fixtures.analyzer("compare", before.toString(), after.toString());
        Fixtures.Run strict = Fixtures.analyzer("compare", "--fail-on-unknown", before.toString(), after.toString());

        assertFalse(run.out().contains("**Verdict: PASS**"), run.out());
        assertTrue(run.out().contains("**Verdict: UNKNOWN**") && run.out().contains("3 results past the threshold"
                + " could not be decided"), run.out());
        assertTrue(run.out().contains("What would decide it:") && run.out().contains("+500.0%: one fork cannot tell"),
                run.out());
        assertTrue(run.err().contains("verdict UNKNOWN"), run.err());
        assertEquals(Analyzer.OK, run.exitCode(), "UNKNOWN is not a failure unless asked");
        assertEquals(Analyzer.REGRESSION, strict.exitCode(), strict.out() + strict.err());
    }

    @Test
    void theSameSingleForkFilesUnchangedPassAndAFasterOneIsNoReasonForUnknown() {
        Path before = Fixtures.write(dir, "before.json", singleForks(1));
        Path faster = Fixtures.write(dir, "faster.json", singleForks(0.5));

        Fixtures.Run same = Fixtures.analyzer("compare", "--fail-on-unknown", before.toString(), before.toString());
        Fixtures.Run quicker = Fixtures.analyzer("compare", "--fail-on-unknown", before.toString(), faster.toString());

        assertTrue(same.out().contains("**Verdict: PASS**"), same.out());
        assertEquals(Analyzer.OK, same.exitCode());
        assertTrue(quicker.out().contains("**Verdict: PASS**"), quicker.out());
    }

    /** Three results of one fork each, at {@code factor} times the template's times. */
    private static ArrayNode singleForks(double factor) {
        ArrayNode results = Fixtures.JSON.createArrayNode();
        for (String c : new String[] {"one", "two", "three"}) {
            results.add(PairedTestTest.result(c, "us/op", new double[][] {{100 * factor, 101 * factor, 99 * factor}}));
        }
        return results;
    }
}
