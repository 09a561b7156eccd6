package dev.cmbench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The machine's floor is measured: a wake-up is half the cross-core round trip, and each part is read. */
class MachineFloorTest {

    @Test
    void theFloorIsMeasuredAndAWakeUpIsHalfTheCrossCoreRoundTrip() throws InterruptedException {
        MachineFloor floor = MachineFloor.measure();
        assertTrue(floor.wakeRoundTripCrossCoreMicros() > 0 && Double.isFinite(floor.wakeRoundTripCrossCoreMicros()),
                floor.toString());
        assertEquals(floor.wakeRoundTripCrossCoreMicros() / 2, floor.wakeUpMicros());
        assertTrue(floor.nanoTimeGranularityNanos() > 0, floor.toString());
        assertTrue(floor.sleepOvershootP90Micros() >= floor.sleepOvershootMicros(), floor.toString());
        assertTrue(!floor.pinned() || floor.wakeRoundTripSameCoreMicros() > 0, floor.toString());
    }
}
