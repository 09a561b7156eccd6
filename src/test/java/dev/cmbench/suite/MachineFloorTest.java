package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.workload.Calibration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The machine's floor is measured and recorded, and the benchmarks that wake threads are named beside it. */
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

    @Test
    void envJsonCarriesTheFloorUnderWakeNamesAndTheRunsOneCalibration() throws Exception {
        MachineFloor floor = new MachineFloor(40, 80, 10, true, 60, 90, 25);
        Map<String, String> waking = Map.of("dev.cmbench.bench.StartJoinBenchmark.startJoin", "the thread, then the joiner");
        byte[] json = EnvironmentRecord.json(new SuiteCalibration(new Calibration(512.5), "given: 512.5"),
                List.of(530.0, 520.0), RunStates.withFloor(floor), Side.thisTree(), waking, Map.of("dev.cmbench.bench.LockBenchmark.round", "nsPerOp"), Map.of(), List.of(),
                "quick", List.of());

        JsonNode env = new ObjectMapper().readTree(json);

        assertEquals(512.5, env.get("unitsPerMicro").asDouble(), "what every fork used");
        assertEquals("given: 512.5", env.get("calibrationSource").asText());
        assertEquals(2, env.get("forkSpeedsUnitsPerMicro").size(), "each fork's own speed stays visible");
        JsonNode machine = env.get("machineFloor");
        assertEquals(40, machine.get("wakeUpMicros").asDouble());
        assertEquals(80, machine.get("wakeRoundTripCrossCoreMicros").asDouble());
        assertEquals(60, machine.get("sleep1msOvershootMicros").asDouble());
        assertEquals("the thread, then the joiner",
                machine.get("wakingBenchmarks").get("dev.cmbench.bench.StartJoinBenchmark.startJoin").asText());
        assertEquals("nsPerOp", env.get("headlineMetrics").get("dev.cmbench.bench.LockBenchmark.round").asText());
    }

    @Test
    void benchmarksThatWakeThreadsAreFoundAndBatchesAreNot() {
        Map<String, String> waking = MarkedBenchmarks.waking(SuiteRunner.select(List.of(), List.of()).values());
        assertTrue(waking.containsKey("dev.cmbench.bench.StartJoinBenchmark.startJoin"), waking.toString());
        assertTrue(waking.containsKey("dev.cmbench.bench.HandoffBenchmark.roundTrip"), waking.toString());
        assertTrue(waking.keySet().stream().noneMatch(name -> name.contains("BatchBenchmark")), waking.toString());
    }

    @Test
    void benchmarksWhoseFigureIsASecondaryMetricNameIt() {
        Map<String, String> headlines = MarkedBenchmarks.headlineMetrics(SuiteRunner.select(List.of(), List.of()).values());
        assertEquals("nsPerOp", headlines.get("dev.cmbench.bench.LockBenchmark.round"), headlines.toString());
        assertEquals("bytesPerUnit", headlines.get("dev.cmbench.bench.FootprintBenchmark.startBlockedUnits"),
                headlines.toString());
        assertEquals("cancelToVictimEnd", headlines.get("dev.cmbench.bench.CancelBenchmark.cancelToObservedEnd"),
                headlines.toString());
    }
}
