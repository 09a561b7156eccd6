package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForkValueTest {

    @Test
    void oneSlowIterationMovesTheMeanButNotTheMedian() {
        double[] iterations = {5.0, 5.2, 9.0, 5.1}; // a first-iteration deoptimization, say

        assertEquals(5.15, ForkValue.median(iterations), 1e-12);
        assertEquals(5.0, ForkValue.median(new double[] {5.0, 9.0, 4.0}), 1e-12);
        assertEquals(5.0, ForkValue.median(new double[] {5.0}), 1e-12);
    }
}
