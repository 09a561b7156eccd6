package dev.cmbench.analysis.read;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The HdrHistogram logs of per-task latency in {@code latency/} beside a result file (written by
 * the suite's SecondaryMetricsProfiler, one log a fork), each fork's measurement iterations
 * merged into one histogram, by benchmark and params. A percentile of the whole run is then read
 * from the forks' histograms merged ({@link #merged}), never averaged from percentiles of
 * iterations: a mean of p99s is not a p99. Each log names its result in two header comments:
 * {@code #benchmark <name>} and {@code #params <k=v&...>} (values URL-encoded).
 */
public final class LatencyLogs {

    /** Percentiles the report's curves are drawn through. */
    public static final double[] CURVE = {1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};

    /** The least range a decoded interval gets, whatever its header says. */
    private static final long RANGE_FLOOR_NANOS = TimeUnit.HOURS.toNanos(1);

    private LatencyLogs() {
    }

    /**
     * Each fork's histogram (ns, its measurement iterations merged), by result, for the logs in
     * {@code dir}, in the order of the logs' names; empty when there is none.
     */
    static Map<Identity, List<Histogram>> read(Path dir) throws InputException {
        Map<Identity, List<Histogram>> forks = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return forks;
        }
        try (var listed = Files.newDirectoryStream(dir, "*.hlog")) {
            List<Path> logs = new ArrayList<>();
            listed.forEach(logs::add);
            logs.sort(null);
            for (Path log : logs) {
                Histogram fork = empty();
                addIntervals(log, fork);
                forks.computeIfAbsent(identity(log), k -> new ArrayList<>()).add(fork);
            }
        } catch (IOException | RuntimeException e) {
            throw new InputException(dir, "cannot read the latency logs: " + e.getMessage());
        }
        return forks;
    }

    /** The forks' histograms added into one: every task of every iteration of every fork. */
    public static Histogram merged(List<Histogram> forks) {
        Histogram total = empty();
        forks.forEach(total::add);
        return total;
    }

    private static Histogram empty() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    /**
     * Adds every interval histogram of {@code log} to {@code total}. The lines are parsed here
     * rather than by HdrHistogram's HistogramLogReader because that reader sizes each decoded
     * histogram by the range its header states, and a Recorder's auto-resized interval
     * histogram can state less than it holds (seen on a full run: a 13 ms value under a
     * 4.2 ms header), which throws mid-decode; decoding with a one-hour floor on the range
     * reads such logs whole.
     */
    private static void addIntervals(Path log, Histogram total) throws IOException, InputException {
        int lineNumber = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#") || line.startsWith("\"")) {
                continue;
            }
            String payload = line.substring(line.lastIndexOf(',') + 1).strip();
            try {
                ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(payload));
                total.add(Histogram.decodeFromCompressedByteBuffer(buffer, RANGE_FLOOR_NANOS));
            } catch (DataFormatException | RuntimeException e) {
                throw new InputException(log, "line " + lineNumber + " is not an HdrHistogram interval: " + e);
            }
        }
    }

    /** The result a log belongs to. */
    public record Identity(String benchmark, SortedMap<String, String> params) {
    }

    private static Identity identity(Path log) throws IOException, InputException {
        String benchmark = null;
        SortedMap<String, String> params = new TreeMap<>();
        try (var lines = Files.lines(log, StandardCharsets.US_ASCII)) {
            for (String line : (Iterable<String>) lines.limit(10)::iterator) {
                if (line.startsWith("#benchmark ")) {
                    benchmark = line.substring("#benchmark ".length()).strip();
                } else if (line.startsWith("#params ")) {
                    for (String pair : line.substring("#params ".length()).strip().split("&")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        if (benchmark == null) {
            throw new InputException(log, "is not a cmbench latency log (no #benchmark line)");
        }
        return new Identity(benchmark, params);
    }

    /** The curve's points: percentile → ns. */
    public static Map<Double, Double> curve(Histogram histogram) {
        Map<Double, Double> points = new TreeMap<>();
        for (double p : CURVE) {
            points.put(p, (double) histogram.getValueAtPercentile(p));
        }
        return points;
    }

}
