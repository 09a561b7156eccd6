package dev.cmbench.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
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
        Map<LatencyLogs.Identity, Histogram> merged = LatencyLogs.read(logs);

        assertEquals(1, merged.size());
        LatencyLogs.Identity id = merged.keySet().iterator().next();
        assertEquals("dev.cmbench.bench.BatchBenchmark.makespan", id.benchmark());
        assertEquals("completable-future", id.params().get("model"));
        Histogram histogram = merged.get(id);
        long largestIntervalMaxNanos = largestIntervalMaxNanos(Files.readAllLines(logs.resolve(
                "BatchBenchmark.makespan[model=completable-future,poolSize=0,tasks=100,tasksPerWorker=1,workload=cpu].15616.hlog")));
        assertEquals(13_320_000, largestIntervalMaxNanos, 1_000, "the interval max the log's lines state");
        assertTrue(histogram.getMaxValue() >= largestIntervalMaxNanos * 0.999,
                "the merged max " + histogram.getMaxValue() + " covers the largest interval max " + largestIntervalMaxNanos);
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
