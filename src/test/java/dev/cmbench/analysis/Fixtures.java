package dev.cmbench.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.cli.Analyzer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/** Real JMH output (src/test/resources/jmh), and edits of it, for the analyzer's tests. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/jmh/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ArrayNode tree(String name) {
        try {
            return (ArrayNode) JSON.readTree(path(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path dir, String name, JsonNode content) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The load-sweep fixture (src/test/resources/load-sweep) copied into {@code run}, with a
     * latency log per fork given, each one step's histogram, as the suite's server writes them:
     * all of the step {@code connections=1000, kind=platform, rate=1000, workload=io}.
     *
     * @return the run's jmh.json
     */
    public static Path loadSweepWithLogs(Path run, List<Histogram> forks) throws IOException, URISyntaxException {
        Path fixture = Path.of(Fixtures.class.getResource("/load-sweep/jmh.json").toURI());
        Files.createDirectories(run.resolve("latency"));
        Files.copy(fixture, run.resolve("jmh.json"));
        Files.copy(fixture.resolveSibling("env.json"), run.resolve("env.json"));
        for (int fork = 0; fork < forks.size(); fork++) {
            try (PrintStream out = new PrintStream(run.resolve("latency/step" + fork + ".hlog").toFile(),
                    StandardCharsets.US_ASCII)) {
                HistogramLogWriter log = new HistogramLogWriter(out);
                log.outputComment("benchmark dev.cmbench.bench.ServerBenchmark.loadStep");
                log.outputComment("params connections=1000&kind=platform&poolSize=0&rate=1000&stepMillis=1000&workload=io");
                log.outputIntervalHistogram(forks.get(fork));
            }
        }
        return run.resolve("jmh.json");
    }

    /** Multiplies every number of the matching entries' primary metric (score, error, raw data) by {@code factor}. */
    public static ArrayNode scaled(ArrayNode results, Predicate<JsonNode> which, double factor) {
        ArrayNode copy = results.deepCopy();
        for (JsonNode entry : copy) {
            if (which.test(entry)) {
                scaleMetric((ObjectNode) entry.get("primaryMetric"), factor);
            }
        }
        return copy;
    }

    public static void scaleMetric(ObjectNode metric, double factor) {
        for (String field : new String[] {"score", "scoreError"}) {
            if (metric.get(field).isNumber()) {
                metric.put(field, metric.get(field).doubleValue() * factor);
            }
        }
        scaleNumbers(metric.get("scoreConfidence"), factor);
        scaleNumbers(metric.get("scorePercentiles"), factor);
        scaleNumbers(metric.get("rawData"), factor);
        JsonNode histogram = metric.get("rawDataHistogram");
        if (histogram != null) {
            for (JsonNode fork : histogram) {
                for (JsonNode iteration : fork) {
                    for (JsonNode pair : iteration) {
                        ((ArrayNode) pair).set(0, new DoubleNode(pair.get(0).doubleValue() * factor));
                    }
                }
            }
        }
    }

    private static void scaleNumbers(JsonNode node, double factor) {
        if (node == null) {
            return;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isNumber()) {
                    array.set(i, new DoubleNode(array.get(i).doubleValue() * factor));
                } else {
                    scaleNumbers(array.get(i), factor);
                }
            }
        } else if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    object.put(e.getKey(), e.getValue().doubleValue() * factor);
                }
            });
        }
    }

    public static Predicate<JsonNode> benchmark(String suffix, String mode) {
        return e -> e.get("benchmark").asText().endsWith(suffix) && e.get("mode").asText().equals(mode);
    }

    /** The analyzer's exit code and what it printed. */
    public record Run(int exitCode, String out, String err) {
    }

    public static Run analyzer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Analyzer.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
