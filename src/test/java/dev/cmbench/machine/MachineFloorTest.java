package dev.cmbench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The machine's floor is measured: a wake-up is half the cross-core round trip, each part is read,
 * and where threads can be pinned the probe pins them (an unpinned probe reads whatever cores the
 * scheduler chose, perhaps one, and has no same-core contrast).
 */
class MachineFloorTest {

    @Test
    void theFloorIsMeasuredAndAWakeUpIsHalfTheCrossCoreRoundTrip() throws InterruptedException {
        MachineFloor floor = MachineFloor.measure();
        assertTrue(floor.wakeRoundTripCrossCoreMicros() > 0 && Double.isFinite(floor.wakeRoundTripCrossCoreMicros()),
                floor.toString());
        assertEquals(floor.wakeRoundTripCrossCoreMicros() / 2, floor.wakeUpMicros());
        assertTrue(floor.nanoTimeGranularityNanos() > 0, floor.toString());
        assertTrue(floor.sleepOvershootMicros() >= 0, "Thread.sleep never returns early: " + floor);
        assertTrue(floor.sleepOvershootP90Micros() >= floor.sleepOvershootMicros(), floor.toString());
        assertTrue(!floor.pinned() || floor.wakeRoundTripSameCoreMicros() > 0, floor.toString());
    }

    @Test
    void whereThreadsCanBePinnedTheProbeIsPinnedAndHasItsSameCoreContrast() throws InterruptedException {
        assumeTrue(ProcessConfinement.cannotConfine(2).isEmpty(), "needs Linux and two CPUs");
        MachineFloor floor = MachineFloor.measure();
        assertTrue(floor.pinned(), "the probe did not pin its threads: " + floor);
        assertTrue(floor.wakeRoundTripSameCoreMicros() > 0 && Double.isFinite(floor.wakeRoundTripSameCoreMicros()),
                floor.toString());
    }
}
