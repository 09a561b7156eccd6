package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns result sets into a {@link Report}: grouping, ratios, efficiency, the summary. */
public final class ReportBuilder {

    static final String METHOD = "method";
    /**
     * JMH's thread count as a dimension; not "threads", which a benchmark may use as a param name
     * (LockBenchmark does), and one key for both merged the two and dropped results.
     */
    static final String THREADS = "jmh.threads";
    /**
     * Columns a table may have before it is split by its column dimension with the fewest values
     * (LockBenchmark's 2 thread kinds × 4 thread counts become two tables of 4), so that it fits
     * a page and a PR comment.
     */
    private static final int MAX_COLUMNS = 6;
    /** Row dimensions whose values read as names on their own ("virtual", not "model=virtual"). */
    private static final Set<String> NAMED_ROWS = Set.of("model", "kind", METHOD, "benchmark");
    /** Secondary metrics the suite records per task; the key is the percentile. */
    static final Map<Double, String> LATENCY_METRICS = Map.of(50.0, "latency.p50", 99.0, "latency.p99",
            99.9, "latency.p99.9");

    /**
     * @param rowDimension  the parameter whose values make the rows; null: model, else kind, else the method
     * @param splitDimension the parameter that splits a family into tables (default: workload)
     * @param reference     "dimension=value" naming the reference row; null: the first row
     */
    public record Options(String title, String rowDimension, String splitDimension, String reference,
            OptionalDouble sloMillis) {

        /** With each load sweep's SLO taken from its workload's sleep. */
        public Options(String title, String rowDimension, String splitDimension, String reference) {
            this(title, rowDimension, splitDimension, reference, OptionalDouble.empty());
        }
    }

    private final Options options;
    private final List<String> warnings = new ArrayList<>();
    private final Map<JmhResult, Environment> environments = new IdentityHashMap<>();
    private final Map<JmhResult, Double> efficiency = new IdentityHashMap<>();
    private final Map<JmhResult, Double> wakeUps = new IdentityHashMap<>();
    private final Map<JmhResult, Double> wakeUpMicros = new IdentityHashMap<>();
    private final Map<JmhResult, double[]> forkFloors = new IdentityHashMap<>();
    /** Every metric's estimate from its fork values, primary and secondary; none with one fork. */
    private final Map<Metric, Estimate> estimates = new IdentityHashMap<>();
    private List<ResultSet.Skipped> skipped = List.of();

    private ReportBuilder(Options options) {
        this.options = options;
    }

    public static Report build(List<ResultSet> sets, Options options) throws InputException {
        return build(sets, Optional.empty(), BetweenRuns.none(), options);
    }

    /**
     * @param repeat  a second run of the same code, whose landing inside this one's intervals the report shows
     * @param between how far runs an hour apart move, from other repeat pairs; {@link BetweenRuns#none()}: unknown
     */
    public static Report build(List<ResultSet> sets, Optional<ResultSet> repeat, BetweenRuns between, Options options)
            throws InputException {
        return new ReportBuilder(options).build(sets, repeat, between);
    }

    private Report build(List<ResultSet> sets, Optional<ResultSet> repeat, BetweenRuns between) throws InputException {
        List<JmhResult> all = new ArrayList<>();
        Map<JmhResult.Key, String> seen = new LinkedHashMap<>();
        for (ResultSet set : sets) {
            set.environment().forkEnvironments().ifPresent(forks -> forks.disturbed().forEach(fork -> warnings.add(
                    set.file() + ": a disturbed fork, its figures kept: " + fork)));
            for (JmhResult r : set.results()) {
                String first = seen.putIfAbsent(r.key(), set.file().toString());
                if (first != null) {
                    throw new InputException(set.file(), "repeats a result of " + first + ": " + r.key());
                }
                environments.put(r, set.environment());
                all.add(r);
                if (r.failed()) {
                    warnings.add(r.key() + ": score is " + ScoreUnit.number(r.primary().score())
                            + "; the benchmark failed or measured nothing, so it is shown as failed");
                }
            }
        }
        Estimates fromForks = Estimates.of(sets, between);
        for (JmhResult r : all) {
            Optional.ofNullable(fromForks.of(r, ForkSeries.PRIMARY)).ifPresent(e -> estimates.put(r.primary(), e));
            r.secondary().forEach((name, m) -> Optional.ofNullable(fromForks.of(r, name))
                    .ifPresent(e -> estimates.put(m, e)));
            if (r.failed()) {
                continue;
            }
            double nanos = r.primary().unit().isTime() ? r.primary().unit().nanosPerOp(centre(r.primary())) : Double.NaN;
            Bounds.efficiency(r, environments.get(r), nanos).ifPresent(e -> efficiency.put(r, e));
            Bounds.wakeUpMicros(r, environments.get(r)).ifPresent(w -> {
                wakeUpMicros.put(r, w);
                wakeUps.put(r, nanos / (w * 1_000));
                forkFloors.put(r, environments.get(r).floor().orElseThrow().wakeUpMicros(r.benchmark(), r.params()));
            });
        }
        skipped = sets.stream().flatMap(s -> s.skipped().stream()).toList();
        List<Report.Table> tables = new ArrayList<>();
        List<Summary.Lead> summary = new ArrayList<>();
        List<Report.Table> headline = List.of();
        // A server's load steps are shown as throughput-latency curves, not as tables of frames.
        List<JmhResult> tabled = all.stream().filter(r -> !LoadSweep.isLoadStep(r)).toList();
        Map<String, List<JmhResult>> families = tabled.stream().collect(Collectors.groupingBy(
                r -> r.simpleClassName() + " · " + r.mode(), LinkedHashMap::new, Collectors.toList()));
        for (var family : families.entrySet()) {
            List<Report.Table> familyTables = tables(family.getKey(), family.getValue());
            for (Report.Table table : familyTables) {
                tables.add(table);
                if (table.reference() != null) { // a difference from a control leads nothing
                    summary.addAll(Summary.leads(table, isFigure(table), NAMED_ROWS));
                }
            }
            if (headline.isEmpty()) {
                headline = familyTables.stream().filter(t -> t.isPrimary() && t.hasEfficiency()).toList();
            }
        }
        return new Report(options.title(), sets.stream().map(s -> s.file().toString()).toList(),
                new Report.Headline(headline), summary,
                tables, LatencyRows.of(tabled, sets, fromForks), skipped, warnings, EnvironmentTable.of(sets), all,
                efficiency, wakeUps, wakeUpMicros, forkFloors, estimates, between,
                IntervalBasis.of(all, estimates, fromForks.all(), between),
                repeat.map(second -> RepeatCheck.of(sets, all, fromForks, second, this::figureName)),
                LoadSweep.of(all, environments::get, LatencyRows.forkLogs(sets), options.sloMillis()));
    }

    private List<Report.Table> tables(String family, List<JmhResult> results) {
        Map<String, Set<String>> values = dimensions(results);
        List<String> varying = values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .toList();
        String rowDim = rowDimension(varying);
        List<String> splitDims = new ArrayList<>();
        if (options.splitDimension() != null && varying.contains(options.splitDimension())
                && !options.splitDimension().equals(rowDim)) {
            splitDims.add(options.splitDimension());
        }
        List<String> columnDims = varying.stream().filter(d -> !d.equals(rowDim) && !splitDims.contains(d)).toList();
        long columnCount = columnDims.stream().mapToLong(d -> values.get(d).size()).reduce(1, (a, b) -> a * b);
        if (columnDims.size() > 1 && columnCount > MAX_COLUMNS) {
            String narrowest = columnDims.stream().min(Comparator.comparingInt(d -> values.get(d).size())).orElseThrow();
            splitDims.add(narrowest);
            columnDims = columnDims.stream().filter(d -> !d.equals(narrowest)).toList();
        }
        Map<String, String> fixed = new TreeMap<>();
        values.forEach((dim, vals) -> {
            if (vals.size() == 1 && !dim.equals(METHOD) && !dim.equals(THREADS)) {
                fixed.put(dim, vals.iterator().next());
            }
        });
        Map<String, List<JmhResult>> bySplit = results.stream().collect(Collectors.groupingBy(
                r -> splitDims.stream().map(d -> d.equals(METHOD) ? r.method() : label(d) + "=" + value(r, d))
                        .collect(Collectors.joining(" · ")),
                LinkedHashMap::new, Collectors.toList()));
        List<Report.Table> tables = new ArrayList<>();
        for (var part : bySplit.entrySet()) {
            String title = family + (splitDims.isEmpty() ? "" : " · " + part.getKey());
            Map<String, String> known = new TreeMap<>(fixed);
            for (String dim : splitDims) {
                if (!dim.equals(METHOD) && !dim.equals(THREADS)) {
                    known.put(dim, value(part.getValue().get(0), dim));
                }
            }
            String split = part.getKey();
            Report.Table primary = table(title, split, known, fixed, rowDim, columnDims, part.getValue(), null);
            tables.add(primary);
            ControlDifference.of(primary, results, r -> environments.get(r).controls()).ifPresent(tables::add);
            for (String secondary : secondaryMetrics(part.getValue())) {
                tables.add(table(title + " · " + secondary, split, known, fixed, rowDim, columnDims, part.getValue(),
                        secondary));
            }
        }
        return tables;
    }

    /**
     * The secondary metrics of these results that get tables of their own, in order of
     * appearance: all but the latency percentiles, which the latency section shows.
     */
    private static List<String> secondaryMetrics(List<JmhResult> results) {
        return results.stream().flatMap(r -> r.secondary().keySet().stream())
                .filter(name -> !LATENCY_METRICS.containsValue(name)).distinct().toList();
    }

    /**
     * @param known     the params every result of this table shares (fixed ones and the split)
     * @param split     what sets this table apart from its family's others ("workload=io"), or empty
     * @param secondary the secondary metric the cells show; null for the primary score
     */
    private Report.Table table(String title, String split, Map<String, String> known, Map<String, String> fixed,
            String rowDim, List<String> columnDims, List<JmhResult> results, String secondary) {
        Function<JmhResult, String> rowOf = r -> rowDim == null ? shortName(r) : value(r, rowDim);
        Function<JmhResult, String> columnOf = r -> columnDims.isEmpty() ? "score"
                : columnDims.stream().map(d -> d.equals(METHOD) ? r.method() : label(d) + "=" + value(r, d))
                        .collect(Collectors.joining(", "));
        Function<JmhResult, Metric> metricOf = r -> secondary == null ? r.primary() : r.secondary().get(secondary);
        List<String> rows = results.stream().map(rowOf).distinct().toList();
        List<String> columns = results.stream().map(columnOf).distinct().toList();
        Map<String, JmhResult> byCell = new LinkedHashMap<>();
        for (JmhResult r : results) {
            JmhResult other = byCell.put(rowOf.apply(r) + "\u0000" + columnOf.apply(r), r);
            if (other != null) {
                throw new IllegalStateException(title + ": " + other.key() + " and " + r.key() + " fell in one cell");
            }
        }
        String reference = referenceRow(title, rowDim, rows);
        List<Report.Row> tableRows = new ArrayList<>();
        boolean hasEfficiency = secondary == null && results.stream().anyMatch(efficiency::containsKey);
        boolean hasWakeUps = secondary == null && results.stream().anyMatch(wakeUps::containsKey);
        for (String row : rows) {
            List<Report.Cell> cells = new ArrayList<>();
            for (String column : columns) {
                JmhResult r = byCell.get(row + "\u0000" + column);
                Metric m = r == null ? null : metricOf.apply(r);
                if (m == null) {
                    cells.add(Report.Cell.hole(r != null ? null : skippedReason(results.get(0), holeParams(known, rowDim,
                            row, column, results, columnOf))));
                    continue;
                }
                JmhResult ref = byCell.get(reference + "\u0000" + column);
                double ratio = ratio(m, ref == null ? null : metricOf.apply(ref));
                cells.add(new Report.Cell(r, m, estimates.get(m), ratio,
                        hasEfficiency ? efficiency.getOrDefault(r, Double.NaN) : Double.NaN,
                        hasWakeUps ? wakeUps.getOrDefault(r, Double.NaN) : Double.NaN,
                        hasWakeUps ? wakeUpMicros.getOrDefault(r, Double.NaN) : Double.NaN, null));
            }
            tableRows.add(new Report.Row(row, cells));
        }
        return new Report.Table(title, split, fixed, rowDim == null ? "benchmark" : label(rowDim), columns, tableRows,
                reference, hasEfficiency, hasWakeUps, secondary);
    }

    /** What a cell of the metric shows: the median of its fork values, or JMH's score where it has no forks to spread. */
    private double centre(Metric m) {
        Estimate e = estimates.get(m);
        return e == null ? m.score() : e.centre();
    }

    /** value / reference value in a common unit; NaN when either is missing, not finite, or in another unit. */
    private double ratio(Metric m, Metric reference) {
        if (reference == null || !m.scoreIsFinite() || !reference.scoreIsFinite() || centre(reference) == 0
                || m.unit().kind() != reference.unit().kind()
                || (!m.unit().isTime() && !m.unit().text().equals(reference.unit().text()))) {
            return Double.NaN;
        }
        return m.unit().toBase(centre(m)) / reference.unit().toBase(centre(reference));
    }

    /** How a dimension is named in tables: JMH's thread count as "threads". */
    private static String label(String dimension) {
        return dimension.equals(THREADS) ? "threads" : dimension;
    }

    /** The params a hole would have had: the table's shared ones, its row's, and its column's. */
    private static Map<String, String> holeParams(Map<String, String> known, String rowDim, String row, String column,
            List<JmhResult> results, Function<JmhResult, String> columnOf) {
        Map<String, String> params = new TreeMap<>(known);
        results.stream().filter(r -> columnOf.apply(r).equals(column)).findFirst()
                .ifPresent(r -> r.params().forEach((name, value) -> {
                    if (!name.equals(rowDim) && !params.containsKey(name)) {
                        params.put(name, value);
                    }
                }));
        if (rowDim != null && !rowDim.equals(METHOD) && !rowDim.equals(THREADS)) {
            params.put(rowDim, row);
        }
        return params;
    }

    /** Why the suite left out the configuration with these params, if it did. */
    private String skippedReason(JmhResult sibling, Map<String, String> params) {
        return skipped.stream()
                .filter(s -> s.benchmark().startsWith(sibling.className() + ".") && new TreeMap<>(s.params()).equals(params))
                .map(ResultSet.Skipped::reason).findFirst().orElse(null);
    }

    private String referenceRow(String title, String rowDim, List<String> rows) {
        String wanted = options.reference();
        if (wanted != null) {
            int eq = wanted.indexOf('=');
            String dim = wanted.substring(0, eq);
            String value = wanted.substring(eq + 1);
            if (dim.equals(rowDim) && rows.contains(value)) {
                return value;
            }
            if (dim.equals(rowDim)) {
                warnings.add(title + ": reference " + wanted + " has no row here; ratios are to " + rows.get(0));
            }
        }
        return rows.get(0);
    }

    /** The rows: the user's choice, else model, else kind, else the method, else the first varying. */
    private String rowDimension(List<String> varying) {
        List<String> preferred = new ArrayList<>();
        if (options.rowDimension() != null) {
            preferred.add(options.rowDimension());
        }
        preferred.addAll(List.of("model", "kind", METHOD));
        for (String dim : preferred) {
            if (varying.contains(dim)) {
                return dim;
            }
            if (dim.equals(label(THREADS)) && varying.contains(THREADS)) {
                return THREADS; // --rows threads, and no param of that name: JMH's thread count
            }
        }
        List<String> rest = varying.stream().filter(d -> !d.equals(options.splitDimension())).toList();
        return rest.isEmpty() ? null : rest.get(0);
    }

    /** Every dimension of the family and the values it takes, in order of appearance. */
    private static Map<String, Set<String>> dimensions(List<JmhResult> results) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (JmhResult r : results) {
            values.computeIfAbsent(METHOD, k -> new LinkedHashSet<>()).add(r.method());
            values.computeIfAbsent(THREADS, k -> new LinkedHashSet<>()).add(Integer.toString(r.threads()));
        }
        Set<String> names = results.stream().flatMap(r -> r.params().keySet().stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String name : names) {
            for (JmhResult r : results) {
                values.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value(r, name));
            }
        }
        return values;
    }

    static String value(JmhResult r, String dimension) {
        return switch (dimension) {
            case METHOD -> r.method();
            case THREADS -> Integer.toString(r.threads());
            default -> r.params().getOrDefault(dimension, "—");
        };
    }

    private static String shortName(JmhResult r) {
        return r.simpleClassName() + "." + r.method();
    }

    /** The name of the secondary metric that is the result's figure, as its env.json says; empty for the primary. */
    private String figureName(JmhResult r) {
        return environments.get(r).headlineMetrics().getOrDefault(r.benchmark(), "");
    }

    /**
     * Whether the table shows its benchmark's figure: the primary score, or the secondary metric
     * its env.json names as the figure (then the primary only frames it).
     */
    private boolean isFigure(Report.Table table) {
        String named = table.rows().stream().flatMap(row -> row.cells().stream()).filter(c -> !c.isEmpty())
                .map(c -> environments.get(c.result()).headlineMetrics().get(c.result().benchmark()))
                .filter(Objects::nonNull).findFirst().orElse(null);
        return named == null ? table.isPrimary() : named.equals(table.secondaryMetric());
    }
}
