package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.workload.Calibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * env.json keeps the machine's floor as each fork read it, with the median and range over the run,
 * and names the benchmarks whose figures wake threads.
 */
class FloorReadingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String reading(String benchmark, String cpus, double wakeUpMicros) {
        return "{\"benchmark\":\"" + benchmark + "\",\"mode\":\"avgt\",\"params\":{\"cpus\":\"" + cpus + "\"},"
                + "\"pid\":1,\"wakeUpMicros\":" + wakeUpMicros + ",\"wakeRoundTripCrossCoreMicros\":" + 2 * wakeUpMicros
                + ",\"wakeRoundTripSameCoreMicros\":3.0,\"wakeThreadsPinned\":true,\"sleep1msOvershootMicros\":60.0,"
                + "\"sleep1msOvershootP90Micros\":90.0,\"nanoTimeGranularityNanos\":25.0}\n";
    }

    @Test
    void envJsonKeepsEveryForksFloorWithTheRunsMedianAndRange() throws Exception {
        String startJoin = "dev.cmbench.bench.StartJoinBenchmark.startJoin";
        Path log = dir.resolve(ForkOptions.FLOOR_LOG);
        Files.writeString(log, reading(startJoin, "1", 4.0) + reading(startJoin, "2", 21.0) + "\n"
                + reading(startJoin, "1", 6.0));
        Map<String, String> waking = Map.of(startJoin, "the thread, then the joiner");

        JsonNode env = JSON.readTree(EnvironmentRecord.json(new SuiteCalibration(new Calibration(512.5), "given: 512.5"),
                List.of(530.0, 520.0), FloorReadings.read(log), RunStates.complete(), Side.thisTree(), waking,
                Map.of("dev.cmbench.bench.LockBenchmark.round", "nsPerOp"), Map.of(), List.of(), "quick", List.of()));

        assertEquals(512.5, env.get("unitsPerMicro").asDouble(), "what every fork used");
        assertEquals("given: 512.5", env.get("calibrationSource").asText());
        assertEquals(2, env.get("forkSpeedsUnitsPerMicro").size(), "each fork's own speed stays visible");
        JsonNode machine = env.get("machineFloor");
        assertEquals(3, machine.get("forks").size(), "every fork's reading, a blank line skipped");
        assertEquals(21.0, machine.get("forks").get(1).get("wakeUpMicros").asDouble());
        assertEquals("2", machine.get("forks").get(1).get("params").get("cpus").asText(), "each reading names its fork");
        assertEquals(6.0, machine.get("wakeUpMicros").asDouble(), "the median over the forks");
        assertEquals(4.0, machine.get("wakeUpMicrosMin").asDouble());
        assertEquals(21.0, machine.get("wakeUpMicrosMax").asDouble());
        assertEquals(60, machine.get("sleep1msOvershootMicros").asDouble());
        assertEquals("the thread, then the joiner", machine.get("wakingBenchmarks").get(startJoin).asText());
        assertEquals("nsPerOp", env.get("headlineMetrics").get("dev.cmbench.bench.LockBenchmark.round").asText());
    }

    @Test
    void aRunWhoseForksReadNoFloorHasNone() throws Exception {
        JsonNode env = JSON.readTree(EnvironmentRecord.json(new SuiteCalibration(new Calibration(500), "given: 500"),
                List.of(), FloorReadings.read(dir.resolve("absent.jsonl")), RunStates.complete(), Side.thisTree(),
                Map.of(), Map.of(), Map.of(), List.of(), "quick", List.of()));
        assertFalse(env.has("machineFloor"), env.toString());
    }

    @Test
    void benchmarksMadeOfWakeUpsAreFoundAndThoseOfSleepsAreNot() {
        Map<String, String> waking = MarkedBenchmarks.waking(SuiteRunner.select(List.of(), List.of()).values());
        assertTrue(waking.containsKey("dev.cmbench.bench.StartJoinBenchmark.startJoin"), waking.toString());
        assertTrue(waking.containsKey("dev.cmbench.bench.HandoffBenchmark.roundTrip"), waking.toString());
        assertTrue(waking.keySet().stream().noneMatch(name -> name.contains("BatchBenchmark")), waking.toString());
        assertTrue(waking.keySet().stream().noneMatch(name -> name.contains("CompletionBenchmark")),
                "a figure of sleeps is not made of wake-ups: " + waking);
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
