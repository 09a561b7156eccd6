package dev.cmbench.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the suite's HdrHistogram latency logs, including ones HdrHistogram's own reader rejects. */
class LatencyLogsTest {

    @TempDir
    Path dir;

    /**
     * A real log from a full run (completable-future, cpu, 100 tasks): two of its intervals hold
     * values up to 13.3 ms under a header that states a 4.2 ms range, which made
     * HistogramLogReader throw ArrayIndexOutOfBoundsException and the whole report fail.
     */
    @Test
    void aLogWhoseHeaderUnderstatesItsRangeIsReadWhole() throws Exception {
        Path logs = Path.of(LatencyLogsTest.class.getResource("/latency-understated").toURI());
        Map<LatencyLogs.Identity, List<Histogram>> forks = LatencyLogs.read(logs);

        assertEquals(1, forks.size());
        LatencyLogs.Identity id = forks.keySet().iterator().next();
        assertEquals("dev.cmbench.bench.BatchBenchmark.makespan", id.benchmark());
        assertEquals("completable-future", id.params().get("model"));
        Histogram histogram = LatencyLogs.merged(forks.get(id));
        long largestIntervalMaxNanos = largestIntervalMaxNanos(Files.readAllLines(logs.resolve(
                "BatchBenchmark.makespan[model=completable-future,poolSize=0,tasks=100,tasksPerWorker=1,workload=cpu].15616.hlog")));
        assertEquals(13_320_000, largestIntervalMaxNanos, 1_000, "the interval max the log's lines state");
        assertTrue(histogram.getMaxValue() >= largestIntervalMaxNanos * 0.999,
                "the merged max " + histogram.getMaxValue() + " covers the largest interval max " + largestIntervalMaxNanos);
    }

    /**
     * Two forks' logs of one result, each of several iterations whose tasks differ: every fork
     * is one histogram, and the merged percentiles are those HdrHistogram's own log reader gives
     * when it reads both files' intervals into one histogram, not a mean of per-iteration ones.
     */
    @Test
    void eachForkIsOneHistogramAndTheirMergeHoldsEveryTask() throws Exception {
        String params = "model=virtual&tasks=100&workload=io";
        write(dir.resolve("a.hlog"), params, new long[][] {{1_000_000, 2_000_000, 3_000_000}, {50_000_000}});
        write(dir.resolve("b.hlog"), params, new long[][] {{10_000_000, 10_000_000}, {4_000_000, 70_000_000, 90_000_000}});

        List<Histogram> forks = LatencyLogs.read(dir).values().iterator().next();
        Histogram merged = LatencyLogs.merged(forks);

        assertEquals(2, forks.size(), "a histogram a fork");
        assertEquals(List.of(4L, 5L), forks.stream().map(Histogram::getTotalCount).toList());
        Histogram direct = new Histogram(3);
        for (String file : List.of("a.hlog", "b.hlog")) {
            try (HistogramLogReader reader = new HistogramLogReader(dir.resolve(file).toFile())) {
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                    direct.add((Histogram) h);
                }
            }
        }
        for (double p : new double[] {50, 99, 99.9}) {
            assertEquals(direct.getValueAtPercentile(p), merged.getValueAtPercentile(p), "p" + p);
        }
        double meanOfIterationMedians = (2_000_000 + 50_000_000 + 10_000_000 + 70_000_000) / 4.0;
        assertTrue(Math.abs(merged.getValueAtPercentile(50) - meanOfIterationMedians) > 10_000_000,
                "the merged median (" + merged.getValueAtPercentile(50) + ") is not the mean of the iterations' medians");
    }

    /** A log as the suite's profiler writes it: the header naming the result, then one interval histogram an iteration. */
    private static void write(Path file, String params, long[][] iterations) throws Exception {
        try (PrintStream out = new PrintStream(file.toFile(), StandardCharsets.US_ASCII)) {
            HistogramLogWriter log = new HistogramLogWriter(out);
            log.outputLogFormatVersion();
            log.outputComment("benchmark dev.cmbench.bench.BatchBenchmark.makespan");
            log.outputComment("params " + params);
            log.outputLegend();
            long start = 0;
            for (long[] tasks : iterations) {
                Histogram iteration = new Histogram(1, 1_000_000_000L, 3);
                for (long nanos : tasks) {
                    iteration.recordValue(nanos);
                }
                iteration.setStartTimeStamp(start);
                iteration.setEndTimeStamp(start + 1000);
                start += 1000;
                log.outputIntervalHistogram(iteration);
            }
        }
    }

    @Test
    void aLineThatIsNotAHistogramIsRejectedNamingTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.hlog"), """
                #[Histogram log format version 1.3]
                #benchmark some.Benchmark.method
                "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
                0.000,1.000,1.000,not-base64!
                """);

        InputException e = assertThrows(InputException.class, () -> LatencyLogs.read(dir));

        assertTrue(e.getMessage().contains("bad.hlog"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    /** The greatest Interval_Max column (ms in the log) of the log's interval lines, in ns. */
    private static long largestIntervalMaxNanos(List<String> lines) {
        return lines.stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("\""))
                .mapToLong(line -> Math.round(Double.parseDouble(line.split(",")[2]) * 1e6))
                .max()
                .orElseThrow();
    }
}
