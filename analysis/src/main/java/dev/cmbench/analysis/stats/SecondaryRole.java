package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a secondary metric of a JMH result is to the report, which decides where it is shown.
 * JMH puts very different things among the secondary metrics: the parts of a {@code @Group}
 * benchmark, {@code @AuxCounters}, sample mode's percentiles, every profiler's numbers and a
 * profiler's text; a table of their own for each (the only choice once) made a {@code @Group}
 * result ten tables of one filled row each.
 */
public enum SecondaryRole {
    /**
     * A part of the result in the primary's own unit: a {@code @Group} method's score, or an
     * {@code @AuxCounters(OPERATIONS)} counter. A column of the primary table, beside the total.
     */
    PART,
    /**
     * One of sample mode's percentiles, {@code method·p0.50} ({@code method:p0.50} in JMH 1.37):
     * the same numbers as the primary's scorePercentiles, shown in the latency table.
     */
    PERCENTILE,
    /** The suite's per-task latency (latency.p50 …): shown in the latency table. */
    LATENCY,
    /**
     * A profiler's textual result (perfasm's {@code asm}, stack, jfr): JMH writes it with the
     * unit {@code ---} and NaN in place of every number, the text itself only on the console.
     * Not a failure; nothing to show.
     */
    TEXT,
    /** Anything else (a gc profiler's rate, a footprint's bytes, a counter): a table of its own. */
    TABLE;

    /** The unit JMH gives a textual result (org.openjdk.jmh.results.TextResult). */
    static final String TEXT_UNIT = "---";
    private static final Pattern PERCENTILE_NAME = Pattern.compile(".*[\u00b7:]p([01](?:\\.\\d+)?)");

    /** The role of {@code r}'s secondary metric {@code name}. */
    public static SecondaryRole of(JmhResult r, String name) {
        Metric m = r.secondary().get(name);
        if (m.unit().text().equals(TEXT_UNIT)) {
            return TEXT;
        }
        if (ReportBuilder.LATENCY_METRICS.containsValue(name)) {
            return LATENCY;
        }
        if (m.unit().isTime() && percentileOf(name).isPresent()) {
            return PERCENTILE;
        }
        boolean sameUnit = m.unit().text().equals(r.primary().unit().text());
        return sameUnit && r.primary().unit().isTime() ? PART : TABLE;
    }

    /** The percentile (0 to 100) a sample-mode percentile metric names: 99.9 for "read·p0.999". */
    static OptionalDouble percentileOf(String name) {
        Matcher m = PERCENTILE_NAME.matcher(name);
        return m.matches() ? OptionalDouble.of(new BigDecimal(m.group(1)).movePointRight(2).doubleValue())
                : OptionalDouble.empty();
    }

    /** The names of the sample-mode percentiles among {@code r}'s secondary metrics, by percentile (0 to 100). */
    static Map<Double, String> percentileNames(JmhResult r) {
        Map<Double, String> byPercentile = new TreeMap<>();
        r.secondary().keySet().forEach(name -> {
            if (of(r, name) == PERCENTILE) {
                byPercentile.put(percentileOf(name).orElseThrow(), name);
            }
        });
        return byPercentile;
    }

    /**
     * The column a part is shown in: its name without the benchmark method's name where it starts
     * with it ({@code @Group("ArrayList")} with methods {@code ArrayListAdd}, {@code ArrayListGet}:
     * Add, Get), so that the groups of one class share their columns.
     */
    static String partColumn(JmhResult r, String name) {
        String method = r.method();
        return name.startsWith(method) && name.length() > method.length() ? name.substring(method.length()) : name;
    }
}
