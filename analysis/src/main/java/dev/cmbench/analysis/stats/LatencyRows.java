package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The report's latency rows, grouped like the tables (same class, mode and params but the row
 * dimension). Where the run left latency logs, each percentile is that of every task of every
 * iteration of every fork merged into one histogram, and its interval comes from the same
 * percentile of each fork's own histogram ({@link Estimates}); a mean of per-iteration p99s is
 * not a p99. Without logs (a result file from elsewhere), the profiler's averages of
 * per-iteration percentiles, marked as such; in sample mode without either, JMH's own.
 */
final class LatencyRows {

    private LatencyRows() {
    }

    /** Each result's latency logs, a histogram per fork, where its run left some. */
    static Map<JmhResult, List<Histogram>> forkLogs(List<ResultSet> sets) {
        Map<JmhResult, List<Histogram>> logs = new IdentityHashMap<>();
        sets.forEach(s -> s.results().forEach(r -> {
            List<Histogram> forks = s.latencyLogs().get(new LatencyLogs.Identity(r.benchmark(), r.params()));
            if (forks != null) {
                logs.put(r, forks);
            }
        }));
        return logs;
    }

    static List<Report.LatencyGroup> of(List<JmhResult> results, List<ResultSet> sets, Estimates estimates) {
        Map<JmhResult, List<Histogram>> logs = forkLogs(sets);
        Map<String, List<Report.LatencyRow>> groups = new LinkedHashMap<>();
        for (JmhResult r : results) {
            Map<Double, Double> percentiles = new TreeMap<>();
            Map<Double, ForkInterval> intervals = new TreeMap<>();
            List<Histogram> forks = logs.get(r);
            if (forks != null) {
                Histogram merged = LatencyLogs.merged(forks);
                ReportBuilder.LATENCY_METRICS.keySet().forEach(p -> {
                    percentiles.put(p, (double) merged.getValueAtPercentile(p));
                    Estimate e = estimates.of(r, ForkSeries.latencyName(p));
                    if (e != null) {
                        intervals.put(p, e.interval());
                    }
                });
            } else {
                ReportBuilder.LATENCY_METRICS.forEach((p, name) -> {
                    Metric m = r.secondary().get(name);
                    if (m != null && m.unit().isTime() && m.scoreIsFinite()) {
                        percentiles.put(p, m.unit().nanosPerOp(m.score()));
                        Estimate e = estimates.of(r, name);
                        if (e != null) {
                            intervals.put(p, e.interval().map(m.unit()::nanosPerOp));
                        }
                    }
                });
            }
            if (percentiles.isEmpty() && r.mode().equals("sample")) {
                r.primary().percentiles().forEach((p, v) -> percentiles.put(p, r.primary().unit().nanosPerOp(v)));
            }
            if (percentiles.isEmpty()) {
                continue;
            }
            String rowDim = r.params().containsKey("model") ? "model" : r.params().containsKey("kind") ? "kind" : null;
            String label = rowDim == null ? r.method() : r.params().get(rowDim);
            String group = r.simpleClassName() + (rowDim == null ? "" : "." + r.method()) + " · " + r.mode()
                    + r.params().entrySet().stream().filter(e -> !e.getKey().equals(rowDim))
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " · ", ""));
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(new Report.LatencyRow(r, label, percentiles,
                    forks == null ? percentiles : LatencyLogs.curve(LatencyLogs.merged(forks)), intervals, forks != null));
        }
        return groups.entrySet().stream().map(e -> new Report.LatencyGroup(e.getKey(), e.getValue())).toList();
    }
}
