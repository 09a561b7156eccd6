package dev.cmbench.bench;

import dev.cmbench.model.LatencyRecording;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * The suite's secondary metrics, averaged over iterations:
 * <ul>
 *   <li>per-task latency of the batch benchmark, from the batch start to each task's completion, and per-request
 *       latency of a server's load step, from each request's intended send time to its reply, {@code latency.p50},
 *       {@code latency.p99}, {@code latency.p99.9} (ms), and, when the {@value #LOG_DIR_PROPERTY}
 *       property names a directory, every measurement iteration's histogram in an HdrHistogram
 *       log there, one file per configuration and fork;</li>
 *   <li>gauges a benchmark sets during an iteration with {@link #gauge}, such as the footprint's
 *       bytes per unit.</li>
 * </ul>
 *
 * <p>A profiler rather than {@code @AuxCounters}: JMH sums event counters over iterations, which
 * is wrong for a percentile or a size, whereas a profiler's result can say "average". The suite
 * adds it to every run; with plain JMH: {@code -prof dev.cmbench.bench.SecondaryMetricsProfiler}.
 */
public final class SecondaryMetricsProfiler implements InternalProfiler {

    public static final String LOG_DIR_PROPERTY = "cmbench.latencyDir";
    private static final double[] PERCENTILES = {50, 99, 99.9};
    private static final String[] NAMES = {"latency.p50", "latency.p99", "latency.p99.9"};

    /** The recorder of the trial running in this JVM, if it records latency. */
    private static volatile Recorder current;
    /** The recorder the trial's tear-down withdrew, until the profiler has read its last iteration. */
    private static volatile Recorder withdrawn;

    /** A whole iteration's latency histogram a benchmark handed over, in place of a recorder's. */
    private static volatile Histogram handedOver;

    /** Gauges set during the current iteration: name → value and unit. */
    private static final Map<String, ScalarResult> GAUGES = new ConcurrentHashMap<>();

    private HistogramLogWriter log;
    private PrintStream logStream;
    /** The interval histogram last taken, handed back to {@link #recycledFrom} on its next take. */
    private Histogram recycled;
    private Recorder recycledFrom;

    /** Called by a benchmark's trial set-up: its tasks record into {@code recorder} from now on. */
    static void publish(Recorder recorder) {
        current = recorder;
    }

    /**
     * Called during an iteration by a benchmark whose latencies were recorded elsewhere (the load
     * generator's process): this iteration's percentiles and log entry come from {@code histogram}
     * (in ns).
     */
    static void iterationLatency(Histogram histogram) {
        handedOver = histogram;
    }

    static void withdraw() {
        withdrawn = current;
        current = null;
    }

    /** Reports {@code value} as the secondary metric {@code name} of the current iteration. */
    static void gauge(String name, double value, String unit) {
        gauge(name, value, unit, AggregationPolicy.AVG);
    }

    /**
     * As {@link #gauge(String, double, String)}, combined over iterations and forks by {@code policy}:
     * MIN or MAX keeps an extreme (JMH then reports no error) where AVG would average it away.
     */
    static void gauge(String name, double value, String unit, AggregationPolicy policy) {
        GAUGES.put(name, new ScalarResult(name, value, unit, policy));
    }

    @Override
    public String getDescription() {
        return "cmbench: per-task latency percentiles (HdrHistogram) and gauges such as bytes per unit";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        GAUGES.clear();
        handedOver = null;
        withdrawn = null; // a tear-down before this iteration ended an earlier trial
        Recorder recorder = current;
        if (recorder != null) {
            take(recorder); // what came before the iteration is not part of it
        }
    }

    /**
     * The recorder's interval histogram, the one taken before handed back to it to record into
     * next: recording then never meets a histogram it has not filled before, and no iteration
     * allocates one. Not recycled in the control of that ({@link LatencyRecording#AUTO_RESIZE_PROPERTY}).
     */
    Histogram take(Recorder recorder) {
        boolean recycle = recorder == recycledFrom && !LatencyRecording.autoResizing();
        Histogram taken = recorder.getIntervalHistogram(recycle ? recycled : null);
        recycled = taken;
        recycledFrom = recorder;
        return taken;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        List<ScalarResult> results = new ArrayList<>(GAUGES.values());
        GAUGES.clear();
        // The first iteration's trial set-up publishes the recorder during the iteration, and the
        // last one's tear-down withdraws it: with one iteration, both.
        Recorder recorder = current != null ? current : withdrawn;
        withdrawn = null;
        Histogram histogram = handedOver;
        handedOver = null;
        if (histogram == null && recorder == null) {
            return results;
        }
        if (histogram == null) {
            histogram = take(recorder);
        }
        if (histogram.getTotalCount() == 0) {
            return results;
        }
        if (iteration.getType() == IterationType.MEASUREMENT) {
            log(benchmark, histogram);
        }
        for (int i = 0; i < PERCENTILES.length; i++) {
            results.add(new ScalarResult(NAMES[i], histogram.getValueAtPercentile(PERCENTILES[i]) / 1e6, "ms",
                    AggregationPolicy.AVG));
        }
        return results;
    }

    private void log(BenchmarkParams benchmark, Histogram histogram) {
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        if (dir == null) {
            return;
        }
        try {
            if (log == null) {
                Path file = Path.of(dir, fileName(benchmark));
                file.getParent().toFile().mkdirs();
                logStream = new PrintStream(file.toFile(), StandardCharsets.US_ASCII);
                log = new HistogramLogWriter(logStream);
                log.outputLogFormatVersion();
                // What the analyzer matches the log to a result by: the benchmark and its params.
                log.outputComment("benchmark " + benchmark.getBenchmark());
                log.outputComment("params " + params(benchmark));
                log.outputLegend();
            }
            log.outputIntervalHistogram(withStatedRange(histogram));
            logStream.flush();
        } catch (IOException e) {
            System.err.println("cmbench: cannot write latency log in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * A copy of a Recorder's interval histogram whose encoded header states a range that covers
     * its counts. The Recorder's own auto-resized histogram can state less than it holds when
     * it grew while tasks recorded into it (a full run logged a 13 ms value under a 4.2 ms
     * header), and HdrHistogram's log reader then fails to decode it.
     */
    private static Histogram withStatedRange(Histogram interval) {
        Histogram copy = new Histogram(1, Math.max(2, interval.getMaxValue()) * 2, 3);
        copy.add(interval);
        copy.setStartTimeStamp(interval.getStartTimeStamp());
        copy.setEndTimeStamp(interval.getEndTimeStamp());
        return copy;
    }

    /** {@code model=virtual&tasks=100...}, values URL-encoded. */
    private static String params(BenchmarkParams benchmark) {
        StringBuilder out = new StringBuilder();
        sortedParams(benchmark).forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** The benchmark's params by name. */
    private static TreeMap<String, String> sortedParams(BenchmarkParams benchmark) {
        TreeMap<String, String> params = new TreeMap<>();
        for (Object key : benchmark.getParamsKeys()) { // a raw Collection in JMH's API
            params.put(key.toString(), benchmark.getParam(key.toString()));
        }
        return params;
    }

    /** {@code BatchBenchmark.makespan[model=virtual,tasks=100,...].<pid>.hlog}, for people; the header says it exactly. */
    static String fileName(BenchmarkParams benchmark) {
        TreeMap<String, String> params = sortedParams(benchmark);
        String name = benchmark.getBenchmark();
        String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        StringBuilder file = new StringBuilder(shortName).append('[');
        params.forEach((k, v) -> file.append(k).append('=').append(v.replaceAll("[^A-Za-z0-9._-]", "_")).append(','));
        if (!params.isEmpty()) {
            file.setLength(file.length() - 1);
        }
        return file.append("].").append(ProcessHandle.current().pid()).append(".hlog").toString();
    }
}
