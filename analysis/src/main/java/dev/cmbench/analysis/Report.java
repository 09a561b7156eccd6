package dev.cmbench.analysis;

import java.util.List;
import java.util.Map;

/**
 * A report, computed and ready to render: no file is read and nothing is formatted past this
 * point except by the renderers.
 */
record Report(String title, List<String> sources, List<String> summary, List<Table> tables, List<LatencyGroup> latency,
        List<ResultSet.Skipped> skipped, List<String> warnings, Map<String, String> environment,
        List<JmhResult> results, Map<JmhResult, Double> efficiency, Map<JmhResult, Double> wakeUps,
        Map<Metric, ForkInterval> intervals, IntervalBasis intervalBasis) {

    /**
     * One table: a benchmark family (class and mode), split by one parameter (the workload), with
     * a row per value of the row dimension (the model) and a column per combination of the others.
     *
     * @param wakeUpMicros    the machine's cross-core wake-up the cells' wake-up counts divide by;
     *                        NaN when the table's figures wake no thread
     * @param secondaryMetric null for the primary score; else the secondary metric the cells show
     *                        (bytesPerUnit, gc.alloc.rate.norm, …)
     */
    record Table(String title, Map<String, String> fixedParams, String rowDimension, List<String> columns,
            List<Row> rows, String reference, boolean hasEfficiency, double wakeUpMicros, String secondaryMetric) {

        boolean hasWakeUps() {
            return Double.isFinite(wakeUpMicros);
        }

        boolean isPrimary() {
            return secondaryMetric == null;
        }
    }

    record Row(String label, List<Cell> cells) {
    }

    /**
     * One result in a table, or none where the grid has a hole.
     *
     * @param metric     what the cell shows: the result's primary metric or one secondary metric
     * @param interval   the metric's interval from its fork means; null with fewer than two forks
     * @param ratio      score / score of the reference row in the same column; NaN if unknown
     * @param efficiency ideal bound / measured time per batch; NaN if not a batch result
     * @param wakeUps    the score in the machine's cross-core wake-ups; NaN if it wakes no thread
     * @param skipped    for a hole the suite left out by design, its reason; else null
     */
    record Cell(JmhResult result, Metric metric, ForkInterval interval, double ratio, double efficiency, double wakeUps,
            String skipped) {

        static Cell hole(String skipped) {
            return new Cell(null, null, null, Double.NaN, Double.NaN, Double.NaN, skipped);
        }

        boolean isEmpty() {
            return metric == null;
        }

        /** A value to show: not a hole, and a finite score. */
        boolean hasScore() {
            return metric != null && metric.scoreIsFinite();
        }
    }

    /**
     * Latency percentiles of one result, in ns: per-task latency recorded by the suite
     * (secondary metrics latency.p50 …) or, for sample mode, JMH's own score percentiles; the
     * curve comes from the HdrHistogram logs where there are some, else from the same points;
     * the intervals (in ns) from the percentile metrics' fork means, where they have two forks or more.
     */
    /** Latency rows that differ only in the row dimension (the model), shown as one table and one chart. */
    record LatencyGroup(String title, List<LatencyRow> rows) {
    }

    record LatencyRow(JmhResult result, String label, Map<Double, Double> percentilesNanos,
            Map<Double, Double> curveNanos, Map<Double, ForkInterval> intervalsNanos) {
        double at(double percentile) {
            return percentilesNanos.getOrDefault(percentile, Double.NaN);
        }
    }
}
