package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The report's latency tables: a row per result with percentiles, from the suite's per-task
 * latency (secondary metrics latency.p50 …) or sample mode's own percentiles (the per-method
 * percentile metrics, which carry each fork, else the primary's scorePercentiles).
 *
 * <p>Grouped like the tables: results with a model or kind param differ in it within a group (the
 * rest of their params name the group); other results are grouped by their family (class and
 * mode), each row named by its method and the params that vary, so that a sample-mode run is one
 * latency table rather than one a parameter combination.
 */
final class LatencyTables {

    private LatencyTables() {
    }

    /**
     * @param logs       the HdrHistogram logs of each result's own run, by result identity
     * @param familyName a result's family as the tables name it
     * @param runLabel   a result's run where several are side by side, else empty
     */
    static List<Report.LatencyGroup> of(List<JmhResult> results, Function<JmhResult, Map<LatencyLogs.Identity, Histogram>> logs,
            Map<Metric, ForkInterval> intervals, Function<JmhResult, String> familyName, Function<JmhResult, String> runLabel) {
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        Map<JmhResult, Map<Double, Double>> percentiles = new LinkedHashMap<>();
        Map<JmhResult, Map<Double, ForkInterval>> percentileIntervals = new LinkedHashMap<>();
        for (JmhResult r : results) {
            Map<Double, Double> nanos = new TreeMap<>();
            Map<Double, ForkInterval> nanosIntervals = new TreeMap<>();
            Map<Double, Metric> metrics = new TreeMap<>();
            ReportBuilder.LATENCY_METRICS.forEach((p, name) -> {
                if (r.secondary().containsKey(name)) {
                    metrics.put(p, r.secondary().get(name));
                }
            });
            if (metrics.isEmpty() && r.mode().equals("sample")) {
                metrics.putAll(SecondaryRole.percentiles(r));
            }
            metrics.forEach((p, m) -> {
                if (m.unit().isTime() && m.scoreIsFinite()) {
                    nanos.put(p, m.unit().nanosPerOp(m.score()));
                    if (intervals.containsKey(m)) {
                        nanosIntervals.put(p, intervals.get(m).map(m.unit()::nanosPerOp));
                    }
                }
            });
            if (nanos.isEmpty() && r.mode().equals("sample")) {
                r.primary().percentiles().forEach((p, v) -> nanos.put(p, r.primary().unit().nanosPerOp(v)));
            }
            if (nanos.isEmpty()) {
                continue;
            }
            percentiles.put(r, nanos);
            percentileIntervals.put(r, nanosIntervals);
            groups.computeIfAbsent(group(r, familyName), k -> new ArrayList<>()).add(r);
        }
        List<Report.LatencyGroup> tables = new ArrayList<>();
        for (var group : groups.entrySet()) {
            Function<JmhResult, String> label = label(group.getValue());
            List<Report.LatencyRow> rows = new ArrayList<>();
            for (JmhResult r : group.getValue()) {
                String run = runLabel.apply(r);
                var log = logs.apply(r).get(new LatencyLogs.Identity(r.benchmark(), r.params()));
                rows.add(new Report.LatencyRow(r, label.apply(r) + (run.isEmpty() ? "" : " · " + run), percentiles.get(r),
                        log == null ? percentiles.get(r) : LatencyLogs.curve(log), percentileIntervals.get(r)));
            }
            tables.add(new Report.LatencyGroup(group.getKey(), rows));
        }
        return tables;
    }

    /** The param that names a latency row, where the result has one. */
    private static String rowDimension(JmhResult r) {
        return r.params().containsKey("model") ? "model" : r.params().containsKey("kind") ? "kind" : null;
    }

    private static String group(JmhResult r, Function<JmhResult, String> familyName) {
        String rowDim = rowDimension(r);
        if (rowDim == null) {
            return familyName.apply(r);
        }
        String family = familyName.apply(r);
        String className = family.substring(0, family.lastIndexOf(" · "));
        return className + "." + r.method() + " · " + r.mode()
                + r.params().entrySet().stream().filter(e -> !e.getKey().equals(rowDim))
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " · ", ""));
    }

    /** A row's name within its group: the model or kind; else the method and the params that vary in the group. */
    private static Function<JmhResult, String> label(List<JmhResult> group) {
        if (rowDimension(group.get(0)) != null) {
            return r -> r.params().get(rowDimension(r));
        }
        boolean methodsVary = group.stream().map(JmhResult::method).distinct().count() > 1;
        Set<String> varying = new LinkedHashSet<>();
        for (JmhResult r : group) {
            r.params().forEach((name, value) -> {
                if (group.stream().anyMatch(o -> !value.equals(o.params().get(name)))) {
                    varying.add(name);
                }
            });
        }
        return r -> {
            List<String> parts = new ArrayList<>();
            if (methodsVary || varying.isEmpty()) {
                parts.add(r.method());
            }
            String params = varying.stream().filter(r.params()::containsKey).map(p -> p + "=" + r.params().get(p))
                    .collect(Collectors.joining(", "));
            if (!params.isEmpty()) {
                parts.add(params);
            }
            return String.join(" · ", parts);
        };
    }
}
