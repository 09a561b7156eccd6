package dev.cmbench.suite;

import java.util.List;

/** Run states for tests of what is written from one. */
final class RunStates {

    private RunStates() {
    }

    /** A complete run of no forks. */
    static RunState complete() {
        return new RunState(RunState.COMPLETE, 1, "2026-11-26T00:00:00Z", List.of(), "", 1, 500, "given: 500",
                List.of(Side.thisTree()),
                List.of(), 0, List.of(), List.of(), null);
    }
}
