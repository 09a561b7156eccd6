package dev.cmbench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.workload.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one calibration a suite run hands to all its forks, and where it came from: given on the
 * command line (a number, or an env.json whose {@code unitsPerMicro} to reuse), else the
 * baseline's when gating (so that both sides do the same work), else measured by the runner
 * before the first fork.
 *
 * @param source how the figure was chosen, as env.json and the console say it
 */
record SuiteCalibration(Calibration calibration, String source) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param given    blank, a number of units per µs, or the path of an env.json
     * @param baseline blank, or the jmh.json the run will be gated against
     * @throws IllegalArgumentException in one line, before anything is measured, when {@code given}
     *                                  is neither a positive number nor a readable env.json with one
     */
    static SuiteCalibration choose(String given, String baseline) {
        if (!given.isBlank()) {
            if (looksLikeNumber(given)) {
                return new SuiteCalibration(Calibration.parse(given, "--calibration"), "given: " + given.strip());
            }
            Path env = Path.of(given.strip());
            return new SuiteCalibration(fromEnvironment(env, "--calibration " + env), "from " + env);
        }
        if (!baseline.isBlank()) {
            Path env = Path.of(baseline).toAbsolutePath().resolveSibling("env.json");
            if (Files.isRegularFile(env)) {
                return new SuiteCalibration(fromEnvironment(env, "the baseline's " + env),
                        "from the baseline's " + env);
            }
        }
        return new SuiteCalibration(Calibration.measure(), "measured by the suite runner");
    }

    private static boolean looksLikeNumber(String text) {
        return text.strip().matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?");
    }

    private static Calibration fromEnvironment(Path env, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(env.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read as JSON: " + e.getMessage().lines().findFirst()
                    .orElse("?"));
        }
        JsonNode units = root == null ? null : root.get("unitsPerMicro");
        if (units == null || !units.isNumber()) {
            throw new IllegalArgumentException(what + " has no numeric unitsPerMicro to reuse");
        }
        return Calibration.parse(units.asText(), what);
    }
}
