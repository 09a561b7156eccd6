package dev.cmbench.analysis.stats;

import static dev.cmbench.analysis.stats.Dimensions.METHOD;
import static dev.cmbench.analysis.stats.Dimensions.RUN;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.stream.Stream;

/** Turns result sets into a {@link Report}: grouping, ratios, efficiency, the summary. */
public final class ReportBuilder {

    /** Row dimensions whose values read as names on their own ("virtual", not "model=virtual"). */
    private static final Set<String> NAMED_ROWS = Set.of("model", "kind", METHOD, "benchmark");
    /** Secondary metrics the suite records per task; the key is the percentile. */
    static final Map<Double, String> LATENCY_METRICS = Map.of(50.0, "latency.p50", 99.0, "latency.p99",
            99.9, "latency.p99.9");

    /**
     * @param rowDimension  the parameter whose values make the rows; null: model, else kind, else
     *                      a param naming an implementation, else the method
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
    /** Tables whose rows are sizes (maxStringLength=5, 25, …): no leader is called among sizes. */
    private final Set<Report.Table> sizeRows = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<ResultSet.Skipped> skipped = List.of();
    private Runs runs;
    private Map<String, String> classNames = Map.of();

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
        runs = Runs.of(sets);
        List<JmhResult> all = new ArrayList<>();
        Set<String> textMetrics = new LinkedHashSet<>();
        for (ResultSet set : sets) {
            set.environment().forkEnvironments().ifPresent(forks -> forks.disturbed().forEach(fork -> warnings.add(
                    set.file() + ": a disturbed fork, its figures kept: " + fork)));
            for (JmhResult r : set.results()) {
                environments.put(r, set.environment());
                all.add(r);
                if (r.failed()) {
                    warnings.add(r.key() + ": score is " + ScoreUnit.number(r.primary().score())
                            + "; the benchmark failed or measured nothing, so it is shown as failed");
                }
                r.secondary().keySet().stream().filter(name -> SecondaryRole.of(r, name) == SecondaryRole.TEXT)
                        .forEach(textMetrics::add);
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
        classNames = ClassNames.shortest(all.stream().map(JmhResult::className).toList());
        List<Report.Table> tables = new ArrayList<>();
        List<Summary.Lead> summary = new ArrayList<>();
        List<Report.Table> headline = List.of();
        // A server's load steps are shown as throughput-latency curves, not as tables of frames.
        List<JmhResult> tabled = all.stream().filter(r -> !LoadSweep.isLoadStep(r)).toList();
        Map<String, List<JmhResult>> families = tabled.stream().collect(Collectors.groupingBy(this::familyName,
                LinkedHashMap::new, Collectors.toList()));
        for (var family : families.entrySet()) {
            List<Report.Table> familyTables = tables(family.getKey(), family.getValue());
            for (Report.Table table : familyTables) {
                tables.add(table);
                if (table.reference() != null) { // a difference from a control leads nothing
                    summary.addAll(Summary.leads(table, table.figure() && !sizeRows.contains(table), NAMED_ROWS));
                }
            }
            if (headline.isEmpty()) {
                headline = familyTables.stream().filter(t -> t.isPrimary() && t.hasEfficiency()).toList();
            }
        }
        List<String> notes = textMetrics.stream().map(name -> name + " is a profiler's textual result: JMH writes its text"
                + " to the console only, and NaN into the JSON, so the tables leave it out (nothing failed)").toList();
        return new Report(options.title(), sets.stream().map(s -> s.file().toString()).toList(),
                new Report.Headline(headline), summary,
                tables, LatencyRows.of(tabled, sets, fromForks, this::familyName, runs::label), skipped, warnings,
                EnvironmentTable.of(sets), all, efficiency, wakeUps, wakeUpMicros, forkFloors, estimates, between,
                IntervalBasis.of(all, estimates, fromForks.all(), between),
                repeat.map(second -> RepeatCheck.of(sets, all, fromForks, second, this::figureName)),
                LoadSweep.of(all, environments::get, LatencyRows.forkLogs(sets), runs::label,
                        options.sloMillis()), runs.list(), runs.differing(), notes,
                sets.stream().anyMatch(ResultSet::hasEnvironment));
    }

    /** "BatchBenchmark · avgt": a class (named apart from any other of its simple name) and a mode. */
    private String familyName(JmhResult r) {
        return classNames.get(r.className()) + " · " + r.mode();
    }

    private List<Report.Table> tables(String family, List<JmhResult> results) {
        TableLayout layout = TableLayout.of(results, options, runs::label);
        List<String> splitDims = layout.splitDims();
        Map<String, String> fixed = layout.fixed();
        Map<String, List<JmhResult>> bySplit = results.stream().collect(Collectors.groupingBy(
                r -> splitDims.stream().map(d -> d.equals(METHOD) ? r.method() : Dimensions.label(d) + "=" + value(r, d))
                        .collect(Collectors.joining(" · ")),
                LinkedHashMap::new, Collectors.toList()));
        List<Report.Table> tables = new ArrayList<>();
        for (var part : bySplit.entrySet()) {
            String title = family + (splitDims.isEmpty() ? "" : " · " + part.getKey());
            Map<String, String> known = new TreeMap<>(fixed);
            for (String dim : splitDims) {
                if (Dimensions.isParam(dim)) {
                    known.put(dim, value(part.getValue().get(0), dim));
                }
            }
            String split = part.getKey();
            Report.Table primary = table(title, split, known, fixed, layout, part.getValue(), null);
            tables.add(primary);
            ControlDifference.of(primary, results, r -> environments.get(r).controls()).ifPresent(tables::add);
            for (String secondary : secondaryMetrics(part.getValue())) {
                tables.add(table(title + " · " + secondary, split, known, fixed, layout, part.getValue(), secondary));
            }
        }
        if (layout.sizeRows()) {
            sizeRows.addAll(tables);
        }
        return tables;
    }

    /**
     * The secondary metrics of these results that get tables of their own, in order of
     * appearance: not the parts, percentiles, latencies or texts ({@link SecondaryRole}).
     */
    private static List<String> secondaryMetrics(List<JmhResult> results) {
        return results.stream().flatMap(r -> r.secondary().keySet().stream()
                .filter(name -> SecondaryRole.of(r, name) == SecondaryRole.TABLE)).distinct().toList();
    }

    /** One cell's content: a result's metric, in a row and a column (made of its base, its part and its run). */
    private record Entry(JmhResult result, Metric metric, String part, String row, String base, String run) {

        String column() {
            return ReportBuilder.column(base, part, run);
        }

        boolean isPart() {
            return !part.isEmpty();
        }
    }

    /**
     * @param known     the params every result of this table shares (fixed ones and the split)
     * @param split     what sets this table apart from its family's others ("workload=io"), or empty
     * @param secondary the secondary metric the cells show; null for the primary score and its parts
     */
    private Report.Table table(String title, String split, Map<String, String> known, Map<String, String> fixed,
            TableLayout layout, List<JmhResult> results, String secondary) {
        String rowDim = layout.rowDim();
        boolean acrossRuns = layout.columnDims().contains(RUN);
        List<String> baseDims = layout.columnDims().stream().filter(d -> !d.equals(RUN)).toList();
        Function<JmhResult, String> rowOf = r -> rowDim == null ? shortName(r) : value(r, rowDim);
        Function<JmhResult, String> baseOf = r -> baseDims.stream()
                .map(d -> d.equals(METHOD) ? r.method() : Dimensions.label(d) + "=" + value(r, d))
                .collect(Collectors.joining(", "));
        List<Entry> entries = new ArrayList<>();
        for (JmhResult r : results) {
            String run = acrossRuns ? runs.label(r) : "";
            if (secondary != null) {
                entries.add(new Entry(r, r.secondary().get(secondary), "", rowOf.apply(r), baseOf.apply(r), run));
                continue;
            }
            entries.add(new Entry(r, r.primary(), "", rowOf.apply(r), baseOf.apply(r), run));
            r.secondary().forEach((name, metric) -> {
                if (SecondaryRole.of(r, name) == SecondaryRole.PART) {
                    entries.add(new Entry(r, metric, SecondaryRole.partColumn(r, name), rowOf.apply(r), baseOf.apply(r), run));
                }
            });
        }
        List<String> rows = entries.stream().map(Entry::row).distinct().toList();
        List<String> bases = entries.stream().map(Entry::base).distinct().toList();
        List<String> parts = entries.stream().map(Entry::part).distinct().toList();
        List<String> runOrder = entries.stream().map(Entry::run).distinct().toList();
        // Columns in the order of their dimensions' values, the runs of one configuration side by side.
        List<String> columns = entries.stream().sorted(Comparator.comparingInt((Entry e) -> bases.indexOf(e.base()))
                .thenComparingInt(e -> parts.indexOf(e.part())).thenComparingInt(e -> runOrder.indexOf(e.run())))
                .map(Entry::column).distinct().toList();
        Map<String, Entry> byCell = new LinkedHashMap<>();
        for (Entry e : entries) {
            Entry other = byCell.put(e.row() + "\u0000" + e.column(), e);
            if (other != null) {
                throw new IllegalStateException(title + ": " + other.result().key() + " and " + e.result().key()
                        + " fell in one cell");
            }
        }
        String reference = acrossRuns ? runs.first() : referenceRow(title, rowDim, rows);
        Map<String, String> referenceColumn = new LinkedHashMap<>();
        entries.forEach(e -> referenceColumn.putIfAbsent(e.column(), acrossRuns ? column(e.base(), e.part(), runs.first())
                : e.column()));
        List<Report.Row> tableRows = new ArrayList<>();
        boolean hasEfficiency = secondary == null && results.stream().anyMatch(efficiency::containsKey);
        boolean hasWakeUps = secondary == null && results.stream().anyMatch(wakeUps::containsKey);
        for (String row : rows) {
            List<Report.Cell> cells = new ArrayList<>();
            for (String column : columns) {
                Entry e = byCell.get(row + "\u0000" + column);
                if (e == null || e.metric() == null) {
                    cells.add(Report.Cell.hole(e != null ? null : skippedReason(results.get(0), holeParams(known, rowDim,
                            row, column, entries))));
                    continue;
                }
                Entry ref = byCell.get((acrossRuns ? row : reference) + "\u0000" + referenceColumn.get(column));
                double ratio = ratio(e.metric(), ref == null ? null : ref.metric());
                boolean whole = !e.isPart();
                cells.add(new Report.Cell(e.result(), e.metric(), estimates.get(e.metric()), ratio,
                        hasEfficiency && whole ? efficiency.getOrDefault(e.result(), Double.NaN) : Double.NaN,
                        hasWakeUps && whole ? wakeUps.getOrDefault(e.result(), Double.NaN) : Double.NaN,
                        hasWakeUps && whole ? wakeUpMicros.getOrDefault(e.result(), Double.NaN) : Double.NaN, null));
            }
            tableRows.add(new Report.Row(rowLabel(row, layout, results), cells));
        }
        return new Report.Table(title, split, fixed, rowDim == null ? "benchmark" : Dimensions.label(rowDim), columns,
                tableRows, reference, hasEfficiency, hasWakeUps, secondary, acrossRuns, isFigure(results, secondary));
    }

    /** "threads=13, Add, JDK 25": the column's dimensions, its part of a @Group, its run; "score" when none. */
    private static String column(String base, String part, String run) {
        String label = Stream.of(base, part, run).filter(s -> !s.isEmpty()).collect(Collectors.joining(", "));
        return label.isEmpty() ? "score" : label;
    }

    /** The row's name, with the dimensions folded into it: "CopyOnWriteArrayList (threads=14)". */
    private String rowLabel(String row, TableLayout layout, List<JmhResult> results) {
        if (layout.folded().isEmpty()) {
            return row;
        }
        JmhResult any = results.stream().filter(r -> value(r, layout.rowDim()).equals(row)).findFirst().orElseThrow();
        return row + " (" + layout.folded().stream().map(d -> Dimensions.label(d) + "=" + value(any, d))
                .collect(Collectors.joining(", ")) + ")";
    }

    private String value(JmhResult r, String dimension) {
        return Dimensions.value(r, dimension, runs::label);
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

    /** The params a hole would have had: the table's shared ones, its row's, and its column's. */
    private static Map<String, String> holeParams(Map<String, String> known, String rowDim, String row, String column,
            List<Entry> entries) {
        Map<String, String> params = new TreeMap<>(known);
        entries.stream().filter(e -> e.column().equals(column)).findFirst()
                .ifPresent(e -> e.result().params().forEach((name, value) -> {
                    if (!name.equals(rowDim) && !params.containsKey(name)) {
                        params.put(name, value);
                    }
                }));
        if (rowDim != null && Dimensions.isParam(rowDim)) {
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

    private String shortName(JmhResult r) {
        String className = classNames.get(r.className());
        return className.substring(className.lastIndexOf('.') + 1) + "." + r.method();
    }

    /** The name of the secondary metric that is the result's figure, as its env.json says; empty for the primary. */
    private String figureName(JmhResult r) {
        return environments.get(r).headlineMetrics().getOrDefault(r.benchmark(), "");
    }

    /**
     * Whether a table of these results' {@code secondary} metric (null: the primary) shows their
     * figure: the primary score, or the secondary metric their env.json names as the figure (then
     * the primary only frames it).
     */
    private boolean isFigure(List<JmhResult> results, String secondary) {
        String named = results.stream().map(r -> environments.get(r).headlineMetrics().get(r.benchmark()))
                .filter(Objects::nonNull).findFirst().orElse(null);
        return named == null ? secondary == null : named.equals(secondary);
    }
}
