package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.LatencyLogs;
import dev.cmbench.analysis.read.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Load steps of servers (results with a {@code rate} parameter and the figures a load step
 * reports, {@code achievedRate} and {@code latency.p99}) seen as throughput–latency curves: one
 * curve per server kind, through its steps in order of offered rate, in one sweep per workload,
 * connection count and any other fixed parameter. With several runs side by side, each run's
 * steps of a kind are a curve of their own, named by the run.
 *
 * <p>Each sweep holds its kinds against a latency SLO on the p99: the {@code --slo} given, else ten
 * times the workload's sleep (from env.json), the time a request would take if it waited for
 * ten backend calls. A kind's capacity is the highest offered rate that it, and every rate below
 * it, served within the SLO. A step whose generator's own lateness was a large part of its latency
 * ({@code generatorBehind}) and missed the SLO says nothing about the server: the walk stops there,
 * and the capacity is only known to be at least the last rate below.
 *
 * @param title        "ServerBenchmark.loadStep · workload=io, connections=1000"
 * @param fixedParams  what every step of the sweep shares
 * @param sloMillis    the SLO on the p99, in ms; empty when neither the user nor env.json gives one
 * @param curves       one per kind (and pool size) and run, in the order the kinds first appear
 */
public record LoadSweep(String title, Map<String, String> fixedParams, OptionalDouble sloMillis, List<Curve> curves) {

    /** The parameters that move along a curve or tell curves apart; the rest fix the sweep. */
    private static final List<String> ALONG = List.of("rate", "kind", "poolSize");
    private static final double SLO_SLEEPS = 10;

    /**
     * One load step.
     *
     * @param harnessCpuMicros the generator's and the backend's CPU per request together
     * @param harnessBound     its generator's lateness was a large part of its latency
     * @param timeouts         requests still unanswered a drain after the step (their latency is a lower bound)
     */
    public record Point(JmhResult result, int offeredRate, double achievedRate, double p50Millis, double p99Millis,
            double p999Millis, double serverCpuMicros, double serverAllocBytes, double harnessCpuMicros, double timeouts,
            boolean harnessBound) {
    }

    /** How far a kind kept its p99 within the SLO as the rate rose. */
    public record Capacity(Optional<Point> highestWithin, Optional<Point> firstBeyond, boolean stoppedByHarness) {
    }

    /** One kind's steps, by offered rate. */
    public record Curve(String label, List<Point> points) {

        /** The highest rate that this kind, and every lower rate, served with a p99 within {@code sloMillis}. */
        public Capacity capacity(double sloMillis) {
            Point within = null;
            for (Point point : points) {
                if (point.p99Millis() <= sloMillis && point.timeouts() == 0) {
                    within = point;
                } else {
                    return new Capacity(Optional.ofNullable(within), Optional.of(point), point.harnessBound());
                }
            }
            return new Capacity(Optional.ofNullable(within), Optional.empty(), false);
        }
    }

    /** Whether {@code r} is a load step this view can draw. */
    static boolean isLoadStep(JmhResult r) {
        return r.params().containsKey("rate") && r.params().containsKey("kind") && finite(r, "achievedRate")
                && finite(r, "latency.p99");
    }

    /**
     * The sweeps of {@code results} (those that are not load steps are ignored), in order of first
     * appearance; {@code sloMillis}, if given, is every sweep's SLO.
     */
    static List<LoadSweep> of(List<JmhResult> results, Function<JmhResult, Environment> environments,
            Map<JmhResult, List<Histogram>> forkLogs, Function<JmhResult, String> runLabel, OptionalDouble sloMillis) {
        Map<String, List<JmhResult>> groups = results.stream().filter(LoadSweep::isLoadStep).collect(Collectors.groupingBy(
                LoadSweep::groupTitle, LinkedHashMap::new, Collectors.toList()));
        List<LoadSweep> sweeps = new ArrayList<>();
        for (var group : groups.entrySet()) {
            JmhResult first = group.getValue().get(0);
            Map<String, String> fixed = new TreeMap<>(first.params());
            ALONG.forEach(fixed::remove);
            Map<String, List<Point>> curves = new LinkedHashMap<>();
            for (JmhResult r : group.getValue()) {
                String run = runLabel.apply(r); // two runs' steps of one kind are two curves, not one zigzag
                curves.computeIfAbsent(curveLabel(r) + (run.isEmpty() ? "" : " · " + run), k -> new ArrayList<>())
                        .add(point(r, forkLogs.get(r)));
            }
            sweeps.add(new LoadSweep(group.getKey(), fixed, sloMillis.isPresent() ? sloMillis
                    : defaultSlo(fixed.get("workload"), environments.apply(first)),
                    curves.entrySet().stream().map(e -> new Curve(e.getKey(), e.getValue().stream()
                            .sorted(Comparator.comparingInt(Point::offeredRate)).toList())).toList()));
        }
        return sweeps;
    }

    /** Ten sleeps of the workload, if env.json says how long it sleeps. */
    private static OptionalDouble defaultSlo(String workload, Environment environment) {
        if (workload == null || !environment.workloads().containsKey(workload)) {
            return OptionalDouble.empty();
        }
        double sleepMillis = environment.workloads().get(workload).sleep().toNanos() / 1e6;
        return sleepMillis > 0 ? OptionalDouble.of(SLO_SLEEPS * sleepMillis) : OptionalDouble.empty();
    }

    private static String groupTitle(JmhResult r) {
        String fixed = r.params().entrySet().stream().filter(e -> !ALONG.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return r.simpleClassName() + "." + r.method() + (fixed.isEmpty() ? "" : " · " + fixed);
    }

    /** The kind, and its pool size where it was given one other than one per core: "fixed-pool (200)". */
    private static String curveLabel(JmhResult r) {
        String pool = r.params().getOrDefault("poolSize", "0");
        return r.params().get("kind") + (pool.equals("0") ? "" : " (" + pool + ")");
    }

    /**
     * A step's figures: the latency percentiles those of every measured step of every fork merged,
     * where the run left its latency logs (a mean of per-step p99s is not a p99), else the
     * profiler's averages; the rest the metrics' scores.
     */
    private static Point point(JmhResult r, List<Histogram> forks) {
        if (forks != null) {
            Histogram merged = LatencyLogs.merged(forks);
            return point(r, merged.getValueAtPercentile(50) / 1e6, merged.getValueAtPercentile(99) / 1e6,
                    merged.getValueAtPercentile(99.9) / 1e6);
        }
        return point(r, millis(r, "latency.p50"), millis(r, "latency.p99"), millis(r, "latency.p99.9"));
    }

    private static Point point(JmhResult r, double p50Millis, double p99Millis, double p999Millis) {
        return new Point(r, Integer.parseInt(r.params().get("rate")), value(r, "achievedRate"), p50Millis,
                p99Millis, p999Millis, value(r, "serverCpuPerRequest"),
                value(r, "serverAllocPerRequest"), value(r, "generatorCpuPerRequest") + value(r, "backendCpuPerRequest"),
                value(r, "timeouts"), value(r, "generatorBehind") > 0);
    }

    private static boolean finite(JmhResult r, String name) {
        Metric m = r.secondary().get(name);
        return m != null && m.scoreIsFinite();
    }

    private static double value(JmhResult r, String name) {
        Metric m = r.secondary().get(name);
        return m == null ? Double.NaN : m.score();
    }

    private static double millis(JmhResult r, String name) {
        Metric m = r.secondary().get(name);
        return m == null || !m.unit().isTime() ? Double.NaN : m.unit().nanosPerOp(m.score()) / 1e6;
    }
}
