package dev.cmbench.analysis.read;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads JMH JSON (any project, JMH 1.19 on) into {@link JmhResult}s, and refuses anything else
 * with one line that names the file, the entry and the problem.
 */
public final class ResultReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Set<String> MODES = Set.of("thrpt", "avgt", "sample", "ss");

    private ResultReader() {
    }

    /** The parsed JSON document in {@code file}, or an error saying why it is not one. */
    static JsonNode readJson(Path file) throws InputException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new InputException(file, "is empty");
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new InputException(file, "is empty (only white space)");
            }
            return root;
        } catch (JsonParseException e) {
            if (e instanceof JsonEOFException || e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
                throw new InputException(file, "is not valid JSON: it ends early (truncated?) at line "
                        + e.getLocation().getLineNr());
            }
            throw new InputException(file, "is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (JsonProcessingException e) {
            throw new InputException(file, "is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage());
        }
    }

    /** Every result in a JMH JSON file, validated. */
    public static List<JmhResult> read(Path file) throws InputException {
        JsonNode root = readJson(file);
        if (!root.isArray()) {
            throw new InputException(file, "expected a JSON array of JMH results, found " + describe(root));
        }
        if (root.isEmpty()) {
            throw new InputException(file, "holds no results (an empty array)");
        }
        List<JmhResult> results = new ArrayList<>(root.size());
        Map<JmhResult.Key, Integer> seen = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JmhResult result = new Entry(file, i + 1, root.get(i)).result();
            Integer first = seen.putIfAbsent(result.key(), i + 1);
            if (first != null) {
                throw new InputException(file, "entries " + first + " and " + (i + 1) + " are the same result: "
                        + result.key());
            }
            results.add(result);
        }
        return results;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "nothing";
        };
    }

    /** One entry being read: knows where it is, so every error can say so. */
    private record Entry(Path file, int index, JsonNode node) {

        JmhResult result() throws InputException {
            if (!node.isObject()) {
                throw error("must be an object, found " + describe(node));
            }
            String benchmark = text(node, "benchmark");
            String mode = text(node, "mode");
            if (!MODES.contains(mode)) {
                throw error("mode '" + mode + "' is not one of thrpt, avgt, sample, ss");
            }
            int threads = node.has("threads") ? integer(node, "threads") : 1;
            int forks = node.has("forks") ? integer(node, "forks") : 0;
            SortedMap<String, String> params = new TreeMap<>();
            JsonNode p = node.get("params");
            if (p != null && !p.isNull()) {
                if (!p.isObject()) {
                    throw error("params must be an object, found " + describe(p));
                }
                for (var field : p.properties()) {
                    if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                        throw error("param " + field.getKey() + " must be a string, found " + describe(field.getValue()));
                    }
                    params.put(field.getKey(), field.getValue().asText());
                }
            }
            JsonNode primaryNode = node.get("primaryMetric");
            if (primaryNode == null || !primaryNode.isObject()) {
                throw error("primaryMetric must be an object, found " + (primaryNode == null ? "nothing" : describe(primaryNode)));
            }
            Metric primary = metric(primaryNode, "primaryMetric", true);
            Map<String, Metric> secondary = new LinkedHashMap<>();
            JsonNode s = node.get("secondaryMetrics");
            if (s != null && !s.isNull()) {
                if (!s.isObject()) {
                    throw error("secondaryMetrics must be an object, found " + describe(s));
                }
                for (var field : s.properties()) {
                    // JMH before 1.37 prefixed profiler metrics with "·" (U+00B7).
                    String name = field.getKey().startsWith("\u00b7") ? field.getKey().substring(1) : field.getKey();
                    if (!field.getValue().isObject()) {
                        throw error("secondaryMetrics." + field.getKey() + " must be an object, found "
                                + describe(field.getValue()));
                    }
                    secondary.put(name, metric(field.getValue(), "secondaryMetrics." + field.getKey(), false));
                }
            }
            Map<String, String> vm = new LinkedHashMap<>();
            for (String field : List.of("jdkVersion", "vmName", "vmVersion", "jmhVersion")) {
                if (node.hasNonNull(field)) {
                    vm.put(field, node.get(field).asText());
                }
            }
            if (node.has("jvmArgs") && node.get("jvmArgs").isArray()) {
                List<String> args = new ArrayList<>();
                node.get("jvmArgs").forEach(a -> args.add(a.asText()));
                vm.put("jvmArgs", String.join(" ", args));
            }
            return new JmhResult(file.toString(), benchmark, mode, threads, forks, params, primary, secondary, vm);
        }

        private Metric metric(JsonNode m, String where, boolean primary) throws InputException {
            double score = number(m.get("score"), where + ".score");
            double error = m.has("scoreError") ? number(m.get("scoreError"), where + ".scoreError") : Double.NaN;
            JsonNode unitNode = m.get("scoreUnit");
            if (unitNode == null || !unitNode.isTextual()) {
                throw error(where + ".scoreUnit must be a string, found " + (unitNode == null ? "nothing" : describe(unitNode)));
            }
            ScoreUnit unit;
            if (primary) {
                unit = ScoreUnit.ofTime(unitNode.asText()).orElseThrow(() -> error("unknown unit '"
                        + unitNode.asText() + "' in " + where + " (expected a JMH time unit such as ms/op or ops/s)"));
            } else {
                unit = ScoreUnit.of(unitNode.asText());
            }
            Map<Double, Double> percentiles = new TreeMap<>();
            JsonNode pct = m.get("scorePercentiles");
            if (pct != null && !pct.isNull()) {
                if (!pct.isObject()) {
                    throw error(where + ".scorePercentiles must be an object, found " + describe(pct));
                }
                for (var field : pct.properties()) {
                    try {
                        percentiles.put(Double.parseDouble(field.getKey()),
                                number(field.getValue(), where + ".scorePercentiles." + field.getKey()));
                    } catch (NumberFormatException e) {
                        throw error(where + ".scorePercentiles has a key that is not a percentile: '" + field.getKey() + "'");
                    }
                }
            }
            List<double[]> forks = m.has("rawDataHistogram") ? histogramMeans(m.get("rawDataHistogram"), where)
                    : rawData(m.get("rawData"), where);
            return new Metric(score, error, unit, percentiles, forks);
        }

        private List<double[]> rawData(JsonNode raw, String where) throws InputException {
            List<double[]> forks = new ArrayList<>();
            if (raw == null || raw.isNull()) {
                return forks;
            }
            if (!raw.isArray()) {
                throw error(where + ".rawData must be an array of forks, found " + describe(raw));
            }
            for (int f = 0; f < raw.size(); f++) {
                JsonNode fork = raw.get(f);
                if (!fork.isArray()) {
                    throw error(where + ".rawData[" + f + "] must be an array of iterations, found " + describe(fork));
                }
                double[] iterations = new double[fork.size()];
                for (int i = 0; i < fork.size(); i++) {
                    iterations[i] = number(fork.get(i), where + ".rawData[" + f + "][" + i + "]");
                }
                forks.add(iterations);
            }
            return forks;
        }

        /** Sample mode: per fork, per iteration, a histogram of [value, count]; its mean is the iteration's score. */
        private List<double[]> histogramMeans(JsonNode hist, String where) throws InputException {
            if (!hist.isArray()) {
                throw error(where + ".rawDataHistogram must be an array of forks, found " + describe(hist));
            }
            List<double[]> forks = new ArrayList<>();
            for (int f = 0; f < hist.size(); f++) {
                JsonNode fork = hist.get(f);
                if (!fork.isArray()) {
                    throw error(where + ".rawDataHistogram[" + f + "] must be an array of iterations");
                }
                double[] means = new double[fork.size()];
                for (int i = 0; i < fork.size(); i++) {
                    JsonNode iteration = fork.get(i);
                    String at = where + ".rawDataHistogram[" + f + "][" + i + "]";
                    if (!iteration.isArray()) {
                        throw error(at + " must be an array of [value, count] pairs");
                    }
                    double sum = 0;
                    double count = 0;
                    for (JsonNode pair : iteration) {
                        if (!pair.isArray() || pair.size() != 2) {
                            throw error(at + " must hold [value, count] pairs, found " + pair);
                        }
                        double value = number(pair.get(0), at);
                        double n = number(pair.get(1), at);
                        sum += value * n;
                        count += n;
                    }
                    means[i] = count > 0 ? sum / count : Double.NaN;
                }
                forks.add(means);
            }
            return forks;
        }

        private String text(JsonNode object, String field) throws InputException {
            JsonNode value = object.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw error(field + " must be a non-empty string, found "
                        + (value == null ? "nothing" : describe(value)));
            }
            return value.asText();
        }

        private int integer(JsonNode object, String field) throws InputException {
            JsonNode value = object.get(field);
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw error(field + " must be a whole number, found " + describe(value));
            }
            return value.intValue();
        }

        /** A number, or JMH's strings for non-finite values: "NaN", "+INF", "-INF". */
        private double number(JsonNode value, String where) throws InputException {
            if (value == null) {
                throw error(where + " is missing");
            }
            if (value.isNumber()) {
                return value.doubleValue();
            }
            if (value.isTextual()) {
                switch (value.asText()) {
                    case "NaN":
                        return Double.NaN;
                    case "+INF", "INF", "Infinity", "+Infinity":
                        return Double.POSITIVE_INFINITY;
                    case "-INF", "-Infinity":
                        return Double.NEGATIVE_INFINITY;
                    default:
                        break;
                }
            }
            throw error(where + " must be a number, found " + describe(value)
                    + (value.isTextual() ? " '" + value.asText() + "'" : ""));
        }

        private InputException error(String problem) {
            String name = node.isObject() && node.hasNonNull("benchmark") ? " (" + node.get("benchmark").asText() + ")" : "";
            return new InputException(file, "entry " + index + name + ": " + problem);
        }
    }
}
