package dev.cmbench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's floor as every fork read it ({@code MachineFloorProbe}, one JSON line a fork in
 * the side's floor log), and what env.json says of them: every fork's reading under
 * {@code machineFloor.forks}, each naming its benchmark, mode and parameters, and the median and
 * range of the readings over the run, so that the floor of a figure's own minutes is read beside
 * it and the host's drift over the run is in plain view.
 */
final class FloorReadings {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fields summarised over the forks, as the probe names them. */
    private static final List<String> SUMMARISED = List.of("wakeUpMicros", "wakeRoundTripCrossCoreMicros",
            "wakeRoundTripSameCoreMicros", "sleep1msOvershootMicros", "sleep1msOvershootP90Micros",
            "nanoTimeGranularityNanos");

    private FloorReadings() {
    }

    /** The forks' readings in {@code log}, in the order they ran; empty if no fork wrote one. */
    static List<JsonNode> read(Path log) throws IOException {
        List<JsonNode> readings = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    readings.add(JSON.readTree(line));
                }
            }
        }
        return readings;
    }

    /**
     * env.json's {@code machineFloor}: for each field, the median over the forks (the field's own
     * name) and the range ({@code …Min}, {@code …Max}); the forks' readings; the benchmarks whose
     * figures wake threads. Null if no fork read the floor.
     */
    static Map<String, Object> machineFloor(List<JsonNode> readings, Map<String, String> waking) {
        if (readings.isEmpty()) {
            return null;
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        for (String field : SUMMARISED) {
            double[] values = readings.stream().map(r -> r.get(field)).filter(v -> v != null && v.isNumber())
                    .mapToDouble(JsonNode::asDouble).sorted().toArray();
            if (values.length > 0) {
                int mid = values.length / 2;
                machine.put(field, values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
                machine.put(field + "Min", values[0]);
                machine.put(field + "Max", values[values.length - 1]);
            }
        }
        machine.put("wakeThreadsPinned", readings.stream().allMatch(r -> r.path("wakeThreadsPinned").asBoolean()));
        machine.put("measured", "in every fork, after its last measurement iteration (" + readings.size() + " forks)");
        machine.put("forks", readings);
        machine.put("wakingBenchmarks", waking);
        return machine;
    }
}
