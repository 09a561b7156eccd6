package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the suite runner printed on its standard error, and its exit code. */
record RunnerExit(int code, String err) {

    static RunnerExit of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    /** Runs the runner in this JVM with its standard error captured (the tests run one at a time). */
    static RunnerExit of(String... args) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SuiteRunner.run(args);
        } finally {
            System.setErr(stderr);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        stderr.print(err);
        return new RunnerExit(code, err);
    }

    /** Bad input: exit 2, and one line, {@code cmbench: ...}, that says {@code problem}, without a stack trace. */
    void assertRefusedInOneLine(String problem) {
        assertEquals(2, code, err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), "one line: " + err);
        assertTrue(lines.getFirst().startsWith("cmbench: "), err);
        assertTrue(lines.getFirst().contains(problem), "the line says '" + problem + "': " + err);
    }
}
