package dev.cmbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.analysis.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every command's help is printed as written: picocli warns on System.err about a bare '%'. */
class HelpTextTest {

    @Test
    void everyCommandsHelpPrintsWithoutFormatWarnings() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"report", "compare"}) {
                Fixtures.Run run = Fixtures.analyzer(command, "--help");
                assertEquals(0, run.exitCode(), command + ": " + run.err());
                assertTrue(run.out().contains("Usage: analyzer " + command), run.out());
                if (command.equals("compare")) {
                    assertTrue(run.out().contains("(default: 5%,") && !run.out().contains("%%"), run.out());
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }
}
