package dev.cmbench.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.IntervalScale;
import org.junit.jupiter.api.Test;

class ScoreUnitTest {

    @Test
    void timesAreScaledToReadableUnits() {
        ScoreUnit ms = ScoreUnit.ofTime("ms/op").orElseThrow();
        assertEquals("12.3 ms", ms.format(12.3));
        assertEquals("850 µs", ms.format(0.85));
        assertEquals("5.12 s", ms.format(5124.5));
        assertEquals("100.22 ± 0.20 ms", ScoreUnit.ofTime("us/op").orElseThrow().format(100223.4, 204.0));
        assertEquals("1.6 ± 1.2 ns", ScoreUnit.ofTime("ns/op").orElseThrow().format(1.551, 1.153));
    }

    /** A difference's interval that ends a hair below zero shows 0 there, not "-0" (a chain stage read "30 ns [-0, 59]"). */
    @Test
    void anIntervalEndThatRoundsToZeroHasNoSign() {
        ScoreUnit ns = ScoreUnit.ofTime("ns/op").orElseThrow();
        IntervalScale raw = new IntervalScale(IntervalScale.Kind.RAW, Double.NaN);
        assertEquals("30 ns [0, 59]", ns.format(30.2, new ForkInterval(-0.3, 59.4, 3, raw, false, false)));
        assertEquals("30 ns [-1, 59]", ns.format(30.2, new ForkInterval(-1.2, 59.4, 3, raw, false, false)));
    }

    @Test
    void throughputIsScaledToo() {
        assertEquals("1.31 ops/ns", ScoreUnit.ofTime("ops/s").orElseThrow().format(1.313e9));
        assertEquals("9.98 ops/s", ScoreUnit.ofTime("ops/s").orElseThrow().format(9.979));
        assertEquals("106 ops/µs", ScoreUnit.ofTime("ops/s").orElseThrow().format(1.06e8));
    }

    @Test
    void directionAndConversion() {
        ScoreUnit us = ScoreUnit.ofTime("us/op").orElseThrow();
        ScoreUnit opsMs = ScoreUnit.ofTime("ops/ms").orElseThrow();
        assertTrue(us.lowerIsBetter());
        assertTrue(!opsMs.lowerIsBetter());
        assertEquals(2_000_000.0, us.nanosPerOp(2_000));
        assertEquals(500_000.0, opsMs.nanosPerOp(2));
        assertTrue(ScoreUnit.ofTime("bananas/op").isEmpty());
        assertTrue(ScoreUnit.ofTime("B/op").isEmpty());
        assertEquals(ScoreUnit.Kind.OTHER, ScoreUnit.of("B/op").kind());
        assertEquals("1.50 ± 0.20 B/op", ScoreUnit.of("B/op").format(1.5, 0.2));
    }

    @Test
    void bytesAreScaledInPowersOf1024() {
        assertEquals("3.09 ± 0.20 KiB", ScoreUnit.of("B").format(3164, 205));
        assertEquals("14.7 MiB", ScoreUnit.of("B").format(15.4e6));
        assertEquals("1.00 GiB/op", ScoreUnit.of("B/op").format(1L << 30));
        assertEquals("512 B/op", ScoreUnit.of("B/op").format(512));
    }
}
