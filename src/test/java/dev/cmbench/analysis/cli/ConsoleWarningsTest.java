package dev.cmbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleWarningsTest {

    private static final String FORK_A = "jmh.json: a disturbed fork, its figures kept: A {x=1}, round 1: steal 7 %";
    private static final String FORK_B = "jmh.json: a disturbed fork, its figures kept: B {x=2}, round 1: steal 9 %";
    private static final String FAILED = "B {x=3}: score is NaN; the benchmark failed or measured nothing, so it is shown as failed";

    @Test
    void severalDisturbedForksAreOneConsoleLineBesideTheOtherWarnings() {
        assertEquals(List.of(FAILED, "2 disturbed forks, their figures kept: each named in the report's warnings"),
                ReportCommand.consoleWarnings(List.of(FORK_A, FAILED, FORK_B)));
    }

    @Test
    void oneDisturbedForkIsNamedAsItIs() {
        assertEquals(List.of(FORK_A, FAILED), ReportCommand.consoleWarnings(List.of(FORK_A, FAILED)));
    }
}
