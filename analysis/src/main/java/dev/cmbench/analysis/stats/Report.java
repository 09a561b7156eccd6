package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A report, computed and ready to render: no file is read and nothing is formatted past this
 * point except by the renderers. A server's load steps are in {@code loadSweeps} (and in
 * {@code results}), not in the tables.
 *
 * @param wakeUps          a figure made of wake-ups in wake-ups of its own forks' floor
 * @param wakeUpMicros     that floor: the median cross-core wake-up its forks measured (µs)
 * @param forkFloorsMicros each of those forks' reading, in the order they ran (empty for an older
 *                         run that probed once, before its first fork)
 * @param estimates        every metric's centre, intervals and far fork, from its fork values
 * @param betweenRuns      how far runs an hour apart move, from the repeat pairs given
 * @param loadSweeps       the servers' load steps as throughput-latency curves
 * @param runs             several runs of the same results side by side, as columns; empty for one run
 * @param runDifferences   what sets those runs apart (cores, JDK, JVM options, …)
 * @param notes            what the report leaves out and why, each said once
 * @param fromSuite        whether a result file is a run of this suite (has an env.json), whose
 *                         options the report may suggest
 */
public record Report(String title, List<String> sources, Headline headline, List<Summary.Lead> summary, List<Table> tables,
        List<LatencyGroup> latency, List<ResultSet.Skipped> skipped, List<String> warnings, Map<String, String> environment,
        List<JmhResult> results, Map<JmhResult, Double> efficiency, Map<JmhResult, Double> wakeUps,
        Map<JmhResult, Double> wakeUpMicros, Map<JmhResult, double[]> forkFloorsMicros, Map<Metric, Estimate> estimates,
        BetweenRuns betweenRuns,
        IntervalBasis intervalBasis, Optional<RepeatCheck> repeat, List<LoadSweep> loadSweeps, List<Run> runs,
        List<String> runDifferences, List<String> notes, boolean fromSuite) {

    /** One of several runs side by side: its file and the label its columns carry. */
    public record Run(String source, String label) {
    }

    /**
     * What the report leads with: the primary tables of the first family whose results are held
     * against their ideal bound (the batch family, one table per workload), shown together as one
     * chart and one compact table. Empty when no result has a bound (a result file from elsewhere).
     */
    public record Headline(List<Table> tables) {

        public boolean isEmpty() {
            return tables.isEmpty();
        }

        /** "BatchBenchmark · avgt: every model against the ideal bound". */
        public String title() {
            Table first = tables.get(0);
            String suffix = " · " + first.split();
            String family = first.title().endsWith(suffix)
                    ? first.title().substring(0, first.title().length() - suffix.length()) : first.title();
            return family + ": every model against the ideal bound";
        }

        /** Every table's rows, in order of first appearance. */
        public List<String> rowLabels() {
            return tables.stream().flatMap(t -> t.rows().stream()).map(Row::label).distinct().toList();
        }

        /** Every table's columns (the task counts), in order of first appearance. */
        public List<String> columns() {
            return tables.stream().flatMap(t -> t.columns().stream()).distinct().toList();
        }

        /** The table's cell in this row and column; a hole where the table has neither. */
        public Cell cell(Table table, String row, String column) {
            int c = table.columns().indexOf(column);
            return table.rows().stream().filter(r -> r.label().equals(row)).findFirst()
                    .filter(r -> c >= 0).map(r -> r.cells().get(c)).orElse(Cell.hole(null));
        }
    }

    /**
     * One table: a benchmark family (class and mode), split by one parameter (the workload), with
     * a row per value of the row dimension (the model) and a column per combination of the others.
     *
     * @param hasWakeUps      whether the table's figures are made of wake-ups, each cell then in
     *                        wake-ups of the floor its own forks measured
     * @param secondaryMetric null for the primary score; else the secondary metric the cells show
     *                        (bytesPerUnit, gc.alloc.rate.norm, …)
     * @param split           the values that set this table apart from its family's others
     *                        ("workload=io"); empty when the family is one table
     * @param reference       the row every ratio is taken to; with {@code acrossRuns}, the first run
     * @param acrossRuns      whether the ratios are to the first run's cell in the same row, the
     *                        runs being columns side by side
     * @param figure          whether the cells are the benchmark's figure (the primary score, or the
     *                        secondary metric env.json names as the figure), which a reader ranks:
     *                        the summary calls leaders and the page draws charts only for these
     */
    public record Table(String title, String split, Map<String, String> fixedParams, String rowDimension, List<String> columns,
            List<Row> rows, String reference, boolean hasEfficiency, boolean hasWakeUps, String secondaryMetric,
            boolean acrossRuns, boolean figure) {

        public boolean isPrimary() {
            return secondaryMetric == null;
        }
    }

    public record Row(String label, List<Cell> cells) {
    }

    /**
     * One result in a table, or none where the grid has a hole.
     *
     * @param metric       what the cell shows: the result's primary metric or one secondary metric
     * @param estimate     the metric's centre, intervals and far fork from its fork values; null
     *                     with fewer than two forks
     * @param ratio        centre / centre of the reference row in the same column; NaN if unknown
     * @param efficiency   ideal bound / centre, for a batch; NaN if not a batch result
     * @param wakeUps      the centre in cross-core wake-ups of its own forks' floor; NaN if not
     *                     made of wake-ups
     * @param wakeUpMicros that floor: the median of its forks' readings (µs); NaN if not made of wake-ups
     * @param skipped      for a hole the suite left out by design, its reason; else null
     */
    public record Cell(JmhResult result, Metric metric, Estimate estimate, double ratio, double efficiency, double wakeUps,
            double wakeUpMicros, String skipped) {

        static Cell hole(String skipped) {
            return new Cell(null, null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, skipped);
        }

        /** The interval shown: between runs where known, else within the run; null with fewer than two forks. */
        public ForkInterval interval() {
            return estimate == null ? null : estimate.interval();
        }

        /** The value shown: the median of the fork values, or JMH's score where there are no forks to spread. */
        public double centre() {
            return estimate == null ? metric.score() : estimate.centre();
        }

        /**
         * The efficiency at both ends of the interval (bound / makespan, so the slow end of the
         * makespan is the low end of efficiency); null without an interval or an efficiency.
         */
        public ForkInterval efficiencyInterval() {
            if (interval() == null || !Double.isFinite(efficiency)) {
                return null;
            }
            double centreNanos = metric.unit().nanosPerOp(centre());
            return interval().map(v -> efficiency * centreNanos / metric.unit().nanosPerOp(v));
        }

        public boolean isEmpty() {
            return metric == null;
        }

        /** A value to show: not a hole, and a finite score. */
        public boolean hasScore() {
            return metric != null && metric.scoreIsFinite();
        }
    }

    /** Latency rows that differ only in the row dimension (the model), shown as one table and one chart. */
    public record LatencyGroup(String title, List<LatencyRow> rows) {
    }

    /**
     * Latency percentiles of one result, in ns ({@link LatencyRows}): per-task latency from the
     * suite's logs, every fork merged, or without logs the profiler's averages of per-iteration
     * percentiles (secondary metrics latency.p50 …), or for sample mode JMH's own score
     * percentiles; the curve from the merged logs where there are some, else the same points; the
     * intervals (in ns) from the forks, where there are two or more.
     *
     * @param merged whether the percentiles are those of the logs merged (else averages of per-iteration ones)
     */
    public record LatencyRow(JmhResult result, String label, Map<Double, Double> percentilesNanos,
            Map<Double, Double> curveNanos, Map<Double, ForkInterval> intervalsNanos, boolean merged) {
        public double at(double percentile) {
            return percentilesNanos.getOrDefault(percentile, Double.NaN);
        }
    }
}
