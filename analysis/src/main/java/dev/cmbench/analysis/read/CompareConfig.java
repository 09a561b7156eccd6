package dev.cmbench.analysis.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the gate decides with: the default threshold and false-discovery rate, per-benchmark
 * thresholds, benchmarks to ignore, and secondary metrics to gate. An optional JSON file:
 *
 * <pre>{
 *   "threshold": 0.05,
 *   "fdr": 0.05,
 *   "thresholds": {"BatchBenchmark.*model=process": 0.15},
 *   "ignore": ["SpawnBenchmark"],
 *   "secondary": ["gc.alloc.rate.norm"]
 * }</pre>
 *
 * Patterns are regular expressions searched in a result's name as the report prints it:
 * {@code benchmark [mode] {param=value, ...}}. The first matching threshold wins.
 */
public record CompareConfig(double threshold, double fdr, Map<Pattern, Double> thresholds, List<Pattern> ignore,
        List<String> secondary) {

    private static final Set<String> FIELDS = Set.of("threshold", "fdr", "thresholds", "ignore", "secondary");

    public static CompareConfig defaults() {
        return new CompareConfig(0.05, 0.05, Map.of(), List.of(), List.of());
    }

    public double thresholdFor(JmhResult.Key key) {
        String name = key.toString();
        for (var entry : thresholds.entrySet()) {
            if (entry.getKey().matcher(name).find()) {
                return entry.getValue();
            }
        }
        return threshold;
    }

    public boolean ignores(JmhResult.Key key) {
        String name = key.toString();
        return ignore.stream().anyMatch(p -> p.matcher(name).find());
    }

    public CompareConfig with(Double newThreshold, Double newFdr, List<String> moreSecondary) throws InputException {
        double t = newThreshold != null ? newThreshold : threshold;
        double f = newFdr != null ? newFdr : fdr;
        check(t, f, null);
        List<String> s = new ArrayList<>(secondary);
        moreSecondary.stream().filter(m -> !s.contains(m)).forEach(s::add);
        return new CompareConfig(t, f, thresholds, ignore, s);
    }

    public static CompareConfig read(Path file) throws InputException {
        JsonNode root = ResultReader.readJson(file);
        if (!root.isObject()) {
            throw new InputException(file, "expected a JSON object, found " + ResultReader.describe(root));
        }
        for (var field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new InputException(file, "unknown field '" + field.getKey() + "'; known: " + FIELDS);
            }
        }
        CompareConfig d = defaults();
        double threshold = fraction(file, root, "threshold", d.threshold());
        double fdr = fraction(file, root, "fdr", d.fdr());
        check(threshold, fdr, file);
        Map<Pattern, Double> thresholds = new LinkedHashMap<>();
        JsonNode t = root.path("thresholds");
        if (!t.isMissingNode()) {
            if (!t.isObject()) {
                throw new InputException(file, "thresholds must map patterns to fractions");
            }
            for (var entry : t.properties()) {
                if (!entry.getValue().isNumber() || entry.getValue().doubleValue() < 0) {
                    throw new InputException(file, "threshold for '" + entry.getKey() + "' must be a fraction >= 0");
                }
                thresholds.put(pattern(file, entry.getKey()), entry.getValue().doubleValue());
            }
        }
        List<Pattern> ignore = new ArrayList<>();
        for (String p : strings(file, root, "ignore")) {
            ignore.add(pattern(file, p));
        }
        return new CompareConfig(threshold, fdr, thresholds, ignore, strings(file, root, "secondary"));
    }

    private static void check(double threshold, double fdr, Path file) throws InputException {
        String where = file == null ? "" : file + ": ";
        if (!(threshold >= 0)) {
            throw new InputException(where + "threshold must be a fraction >= 0 (0.05 is 5 %), got " + threshold);
        }
        if (!(fdr > 0 && fdr < 1)) {
            throw new InputException(where + "fdr must be between 0 and 1 (0.05 is 5 %), got " + fdr);
        }
    }

    private static double fraction(Path file, JsonNode root, String field, double fallback) throws InputException {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new InputException(file, field + " must be a number, found " + ResultReader.describe(v));
        }
        return v.doubleValue();
    }

    private static List<String> strings(Path file, JsonNode root, String field) throws InputException {
        List<String> out = new ArrayList<>();
        JsonNode v = root.get(field);
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw new InputException(file, field + " must be an array of strings");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new InputException(file, field + " must be an array of strings, found " + ResultReader.describe(item));
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Pattern pattern(Path file, String regex) throws InputException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InputException(file, "'" + regex + "' is not a regular expression: " + e.getDescription());
        }
    }
}
