package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SuiteRunnerTest {

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, SuiteRunner.run(new String[] {}));
        assertEquals(2, SuiteRunner.run(new String[] {"--out"}));
        assertEquals(2, SuiteRunner.run(new String[] {"--out", "target/x", "--fast"}));
        assertEquals(2, SuiteRunner.run(new String[] {"--out", "target/x", "--", "-f", "many"}));
    }
}
