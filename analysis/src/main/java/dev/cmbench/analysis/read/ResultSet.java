package dev.cmbench.analysis.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A result file with what lies beside it, when present: {@code env.json} (machine, JDK,
 * workloads), {@code skipped.json} (configurations left out by design) and {@code latency/}
 * (HdrHistogram logs of per-task latency, a histogram per fork).
 */
public record ResultSet(Path file, List<JmhResult> results, Environment environment, boolean hasEnvironment,
        List<Skipped> skipped, Map<LatencyLogs.Identity, List<Histogram>> latencyLogs) {

    /** A configuration the suite did not run, and why. */
    public record Skipped(String benchmark, Map<String, String> params, String reason) {
    }

    public static ResultSet read(Path file) throws InputException {
        List<JmhResult> results = ResultReader.read(file);
        Optional<Environment> env = Environment.besides(file);
        return new ResultSet(file, results, env.orElse(Environment.none()), env.isPresent(), readSkipped(file),
                LatencyLogs.read(Environment.siblingOf(file, "latency")));
    }

    private static List<Skipped> readSkipped(Path resultFile) throws InputException {
        Path path = Environment.siblingOf(resultFile, "skipped.json");
        List<Skipped> skipped = new ArrayList<>();
        if (!Files.isRegularFile(path)) {
            return skipped;
        }
        JsonNode root = ResultReader.readJson(path);
        if (!root.isArray()) {
            throw new InputException(path, "expected a JSON array, found " + ResultReader.describe(root));
        }
        for (JsonNode entry : root) {
            if (!entry.isObject() || !entry.path("benchmark").isTextual() || !entry.path("reason").isTextual()) {
                throw new InputException(path, "each entry needs a benchmark and a reason, found " + entry);
            }
            Map<String, String> params = new TreeMap<>();
            entry.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            skipped.add(new Skipped(entry.get("benchmark").asText(), params, entry.get("reason").asText()));
        }
        return skipped;
    }
}
