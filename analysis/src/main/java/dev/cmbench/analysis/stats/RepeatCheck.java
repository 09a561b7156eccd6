package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How far a run repeats: for every figure of the report that has an interval, whether a second
 * run of the same code lands inside it. The interval ({@link ForkInterval}) claims to hold a
 * repeat run's mean 95 % of the time; this is where a reader sees that claim tested, and which
 * figures it fails for, at both levels: the interval between runs (with the between-run
 * component of other repeat pairs, where the report was given some) and the one from this run's
 * forks alone. JMH's pooled ± held a repeat on only 40-61 % of rows here.
 *
 * <p>The repeat's value is what the interval predicts: the mean of its fork values on the
 * interval's scale (geometric on a log-scale interval), in the first run's unit.
 *
 * @param repeatSource    the repeat's result file
 * @param checked         figures with an interval that the repeat also has
 * @param inside          how many of them the repeat landed inside (of the interval shown: between
 *                        runs where that is known)
 * @param insideWithinRun how many it landed inside the interval from this run's forks alone
 * @param betweenRuns     whether the intervals shown hold a between-run component
 * @param misses          the figures outside the interval shown, most changed first
 * @param withoutInterval figures without an interval (fewer than two forks), which cannot be checked; a result
 *                        that failed in this run is not counted at all (the report warns of it)
 * @param notRepeated     figures the repeat does not have (or has failed)
 * @param differences     how the two runs' environments differ (machine, JDK, JVM options, the
 *                        calibration and so the work); empty for a true repeat
 * @param machines        each run's machine as both measured it ({@link MachineContrast}), this
 *                        run's first; empty where the report holds several runs or none recorded it
 */
public record RepeatCheck(String repeatSource, int checked, int inside, int insideWithinRun, boolean betweenRuns,
        List<Miss> misses, int withoutInterval, int notRepeated, List<String> differences, List<String> machines) {

    /** The unit of a latency log's series. */
    private static final ScoreUnit NANOS = ScoreUnit.of("ns");

    /**
     * A figure the repeat landed outside of.
     *
     * @param label       the benchmark and params, with the metric where it is a secondary one
     * @param unit        the unit of this run's estimate: its metric's, or ns for a percentile of
     *                    the latency logs
     * @param estimate    this run's centre and interval
     * @param repeatValue the repeat's mean of fork values, in the same unit
     */
    public record Miss(String label, ScoreUnit unit, Estimate estimate, double repeatValue) {

        /** Repeat over the centre of this run's interval: how far it moved, as a factor. */
        public double ratio() {
            return repeatValue / estimate.mean();
        }
    }

    /**
     * @param figureOf the name of the metric that is a result's figure (the secondary metric its
     *                 env.json names), empty for the primary score; the repeat's result is read
     *                 by the same name, so that both sides compare the same metric. A latency
     *                 percentile (a server step's p99) is checked on the series of the latency
     *                 logs where the run kept them, as the report's figure and interval are.
     */
    static RepeatCheck of(List<ResultSet> runs, List<JmhResult> results, Estimates estimates, ResultSet repeat,
            Function<JmhResult, String> figureOf) {
        Map<JmhResult.Key, JmhResult> repeated = new HashMap<>();
        repeat.results().forEach(r -> repeated.put(r.key(), r));
        int checked = 0;
        int inside = 0;
        int insideWithinRun = 0;
        int withoutInterval = 0;
        int notRepeated = 0;
        boolean betweenRuns = false;
        List<Miss> misses = new ArrayList<>();
        for (JmhResult r : results) {
            String name = figureOf.apply(r);
            Metric first = figure(r, name);
            String series = first == null ? name : seriesOf(r, name, estimates);
            Estimate estimate = first == null ? null : estimates.of(r, series);
            if (estimate == null) {
                withoutInterval += r.failed() ? 0 : 1;
                continue;
            }
            boolean logged = !series.equals(name);
            JmhResult other = repeated.get(r.key());
            Metric second = other == null || other.failed() ? null : figure(other, name);
            ForkSeries forks = second == null || !comparable(first.unit(), second.unit()) ? null
                    : ForkSeries.all(other, repeat).stream().filter(s -> s.name().equals(series)).findFirst().orElse(null);
            if (forks == null) {
                notRepeated++;
                continue;
            }
            double centre = centreOn(estimate.interval().scale(), forks);
            ScoreUnit unit = logged ? NANOS : first.unit();
            double value = logged ? centre : unit.fromBase(second.unit().toBase(centre));
            checked++;
            betweenRuns |= estimate.interval().betweenRuns();
            insideWithinRun += estimate.withinRun().contains(value) ? 1 : 0;
            if (estimate.interval().contains(value)) {
                inside++;
            } else {
                misses.add(new Miss(label(r) + (name.isEmpty() ? "" : " · " + name), unit, estimate, value));
            }
        }
        misses.sort((a, b) -> Double.compare(Math.abs(Math.log(b.ratio())), Math.abs(Math.log(a.ratio()))));
        return new RepeatCheck(repeat.file().toString(), checked, inside, insideWithinRun, betweenRuns,
                List.copyOf(misses), withoutInterval, notRepeated, differences(runs, repeat),
                runs.size() == 1 ? MachineContrast.of(runs.get(0).environment(), repeat.environment()) : List.of());
    }

    /** The series that holds figure {@code name} of {@code r}: the latency logs' where the run kept them for it. */
    private static String seriesOf(JmhResult r, String name, Estimates estimates) {
        return ForkSeries.loggedName(name).filter(logged -> estimates.of(r, logged) != null).orElse(name);
    }

    /** The repeat's forks averaged on the first run's scale; on the raw values where one cannot be (not positive). */
    private static double centreOn(IntervalScale scale, ForkSeries repeat) {
        return ForkInterval.centre(repeat.values(), scale.takes(repeat.values()) ? scale
                : new IntervalScale(IntervalScale.Kind.RAW, Double.NaN));
    }

    /** insideWithinRun / checked; NaN when nothing could be checked. */
    public double shareWithinRun() {
        return checked == 0 ? Double.NaN : (double) insideWithinRun / checked;
    }

    /** How the repeat's environment differs from any of the runs' ({@link EnvironmentCheck}). */
    private static List<String> differences(List<ResultSet> runs, ResultSet repeat) {
        return runs.stream().flatMap(run -> EnvironmentCheck.differences(run, repeat).stream()).distinct().toList();
    }

    private static Metric figure(JmhResult r, String name) {
        return name.isEmpty() ? r.primary() : r.secondary().get(name);
    }

    /** inside / checked; NaN when nothing could be checked. */
    public double share() {
        return checked == 0 ? Double.NaN : (double) inside / checked;
    }

    private static boolean comparable(ScoreUnit a, ScoreUnit b) {
        return a.kind() == b.kind() && (a.isTime() || a.text().equals(b.text()));
    }

    /** "BatchBenchmark.makespan [avgt] {model=virtual, tasks=100, workload=io}": the result's key without the package. */
    private static String label(JmhResult r) {
        String key = r.key().toString();
        return r.simpleClassName() + "." + r.method() + key.substring(key.indexOf(" ["));
    }
}
