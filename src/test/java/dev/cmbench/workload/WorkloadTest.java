package dev.cmbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void twiceTheMicrosIsTwiceTheWork() {
        Calibration calibration = new Calibration(3.7);
        long one = calibration.unitsFor(Duration.ofNanos(50_000));
        long two = calibration.unitsFor(Duration.ofNanos(100_000));
        assertEquals(185, one);
        assertEquals(2 * one, two);
        assertEquals(0, calibration.unitsFor(Duration.ZERO));
        long previous = -1;
        for (int micros = 0; micros <= 1_000; micros += 10) {
            long units = calibration.unitsFor(Duration.ofNanos(micros * 1_000L));
            assertTrue(units >= previous, "units must not decrease as compute grows");
            previous = units;
        }
    }

    @Test
    void measuredCalibrationIsPositiveAndFinite() {
        Calibration measured = Calibration.measure();
        assertTrue(measured.unitsPerMicro() > 0 && Double.isFinite(measured.unitsPerMicro()));
        assertTrue(Calibration.current() == Calibration.current(), "measured once per JVM");
    }

    @Test
    void calibrationRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Calibration(0));
        assertThrows(IllegalArgumentException.class, () -> new Calibration(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Calibration(1).unitsFor(Duration.ofNanos(-1)));
    }

    /** A constant or skipped chain would give the same checksum for different seeds or lengths. */
    @Test
    void computeIsNotFoldedToAConstant() {
        Set<Long> seen = new HashSet<>();
        for (long seed = 1; seed <= 100; seed++) {
            seen.add(ComputeChain.run(seed, 1_000));
        }
        assertEquals(100, seen.size(), "every seed must give its own checksum");
        assertNotEquals(ComputeChain.run(7, 1_000), ComputeChain.run(7, 1_001), "every unit must count");
        assertEquals(ComputeChain.run(7, 12_345), ComputeChain.run(7, 12_345), "deterministic");
        assertEquals(referenceChain(7, 12_345), ComputeChain.run(7, 12_345), "does exactly the documented steps");
    }

    /** Independent re-statement of the chain: the same steps, written out again. */
    private static long referenceChain(long seed, long units) {
        long x = seed ^ 0x9E3779B97F4A7C15L;
        for (long i = 0; i < units; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x = x ^ (x >>> 29);
        }
        return x;
    }

    @Test
    void taskSleepsThenComputesItsChecksum() throws Exception {
        var task = new SleepComputeTask(Duration.ofMillis(1), 500, 42);
        assertEquals(ComputeChain.run(42, 500), task.call());
        assertThrows(IllegalArgumentException.class, () -> new SleepComputeTask(Duration.ofMillis(-1), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SleepComputeTask(Duration.ZERO, -1, 1));
    }

    @Test
    void noComputeStartsBeforeTheSleepEndsSoTheBoundIsSleepPlusTheLargerOfOneComputeAndTheCpuShare() {
        Duration ms = Duration.ofMillis(1);
        // 10 tasks of 1 ms sleep + 1 ms compute on 2 cores: 1 ms of sleep, then a 5 ms CPU share.
        assertEquals(Duration.ofMillis(6), IdealBound.makespan(10, ms, ms, 2));
        // 2 tasks on 2 cores: one task's own time, 2 ms, dominates.
        assertEquals(Duration.ofMillis(2), IdealBound.makespan(2, ms, ms, 2));
        // No compute: the sleep alone.
        assertEquals(ms, IdealBound.makespan(1000, ms, Duration.ZERO, 2));
        assertEquals(Duration.ofNanos(3), IdealBound.makespan(5, Duration.ZERO, Duration.ofNanos(1), 2));
        assertThrows(IllegalArgumentException.class, () -> IdealBound.makespan(0, ms, ms, 2));
        assertThrows(IllegalArgumentException.class, () -> IdealBound.makespan(1, ms, ms, 0));
    }

    @Test
    void ioAtAThousandTasksOnTwoCoresIsBoundByItsSleepPlusTheCpuShare() {
        // The review's figure: 10 ms + 1 000 × 10 µs / 2 = 15 ms, not max(10.01 ms, 5 ms) = 10.01 ms.
        assertEquals(Duration.ofMillis(15), Workload.IO.idealBound(1_000, 2));
    }

    @Test
    void namedWorkloadsTellDifferentStoriesOnTwoAndSixteenCores() {
        // io at 10 000 tasks: the sleep, then 50 ms of CPU share on 2 cores, 6.25 ms on 16.
        Workload io = Workload.named("io");
        assertEquals(Duration.ofMillis(60), io.idealBound(10_000, 2));
        assertEquals(Duration.ofNanos(16_250_000), io.idealBound(10_000, 16));
        // mixed at 100 tasks: 1 ms of sleep, then a 5 ms CPU share on 2 cores, 625 µs on 16.
        Workload mixed = Workload.named("mixed");
        assertEquals(Duration.ofMillis(6), mixed.idealBound(100, 2));
        assertEquals(Duration.ofNanos(1_625_000), mixed.idealBound(100, 16));
        assertEquals(Duration.ZERO, Workload.named("cpu").sleep());
    }

    @Test
    void unknownWorkloadNamesTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Workload.named("disk"));
        assertEquals("unknown workload 'disk'; known: io, mixed, cpu", e.getMessage());
    }

    @Test
    void tasksHaveDistinctSeedsAndTheExpectedChecksumIsTheirSum() {
        List<SleepComputeTask> tasks = Workload.CPU.tasks(50, new Calibration(1));
        assertEquals(50, tasks.stream().map(SleepComputeTask::seed).distinct().count());
        long sum = 0;
        for (SleepComputeTask t : tasks) {
            sum += ComputeChain.run(t.seed(), t.computeUnits());
        }
        assertEquals(sum, Checksums.expected(tasks));
        assertThrows(IllegalArgumentException.class, () -> Workload.IO.tasks(0, new Calibration(1)));
    }
}
