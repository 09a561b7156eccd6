package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
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
 * The report's latency rows. Where the run left latency logs, each percentile is that of every
 * task of every iteration of every fork merged into one histogram, and its interval comes from the
 * same percentile of each fork's own histogram ({@link Estimates}); a mean of per-iteration p99s is
 * not a p99. Without logs (a result file from elsewhere), the profiler's averages of
 * per-iteration percentiles, marked as such; in sample mode, JMH's per-method percentile metrics
 * ({@code read·p0.99}, which carry each fork), else the primary's scorePercentiles.
 *
 * <p>Grouped like the tables: results with a model or kind param differ in it within a group (the
 * rest of their params name the group); other results are grouped by their family (class and
 * mode), each row named by its method and the params that vary, so that a sample-mode run is one
 * latency table rather than one a parameter combination. With several runs side by side, each
 * row names its run.
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

    /**
     * @param familyName a result's family as the tables name it
     * @param runLabel   a result's run where several are side by side, else empty
     */
    static List<Report.LatencyGroup> of(List<JmhResult> results, List<ResultSet> sets, Estimates estimates,
            Function<JmhResult, String> familyName, Function<JmhResult, String> runLabel) {
        Map<JmhResult, List<Histogram>> logs = forkLogs(sets);
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        Map<JmhResult, Map<Double, Double>> percentilesOf = new IdentityHashMap<>();
        Map<JmhResult, Map<Double, ForkInterval>> intervalsOf = new IdentityHashMap<>();
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
                Map<Double, String> names = new TreeMap<>(ReportBuilder.LATENCY_METRICS);
                if (r.mode().equals("sample") && names.values().stream().noneMatch(r.secondary()::containsKey)) {
                    names = SecondaryRole.percentileNames(r);
                }
                names.forEach((p, name) -> {
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
            percentilesOf.put(r, percentiles);
            intervalsOf.put(r, intervals);
            groups.computeIfAbsent(group(r, familyName), k -> new ArrayList<>()).add(r);
        }
        List<Report.LatencyGroup> tables = new ArrayList<>();
        for (var group : groups.entrySet()) {
            Function<JmhResult, String> label = label(group.getValue());
            List<Report.LatencyRow> rows = new ArrayList<>();
            for (JmhResult r : group.getValue()) {
                String run = runLabel.apply(r);
                List<Histogram> forks = logs.get(r);
                rows.add(new Report.LatencyRow(r, label.apply(r) + (run.isEmpty() ? "" : " · " + run), percentilesOf.get(r),
                        forks == null ? percentilesOf.get(r) : LatencyLogs.curve(LatencyLogs.merged(forks)),
                        intervalsOf.get(r), forks != null));
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
        String family = familyName.apply(r);
        if (rowDim == null) {
            return family;
        }
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
