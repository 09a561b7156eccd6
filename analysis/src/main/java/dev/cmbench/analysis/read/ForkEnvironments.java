package dev.cmbench.analysis.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What went on around a run's forks while they measured ({@code forkEnvironment} in env.json;
 * run.json has it fork by fork): the most CPU time other processes used and the hypervisor stole
 * while one fork measured, as shares of the machine's, the thresholds past which the suite counts a
 * fork as disturbed, and each disturbed fork, said as "configuration, round r: why".
 */
public record ForkEnvironments(int forks, double otherCpuPercentMax, double stealPercentMax,
        double otherCpuPercentThreshold, double stealPercentThreshold, List<String> disturbed) {

    static ForkEnvironments read(Path file, JsonNode node) throws InputException {
        if (!node.isObject()) {
            throw new InputException(file, "forkEnvironment must be an object, found " + ResultReader.describe(node));
        }
        List<String> disturbed = new ArrayList<>();
        for (JsonNode fork : node.path("disturbed")) {
            disturbed.add(fork.path("configuration").asText("?") + ", round " + fork.path("round").asText("?") + ": "
                    + fork.path("why").asText("?"));
        }
        JsonNode thresholds = node.path("thresholds");
        return new ForkEnvironments(node.path("forks").asInt(), node.path("otherCpuPercentMax").asDouble(),
                node.path("stealPercentMax").asDouble(), thresholds.path("otherCpuPercent").asDouble(Double.NaN),
                thresholds.path("stealPercent").asDouble(Double.NaN), List.copyOf(disturbed));
    }
}
