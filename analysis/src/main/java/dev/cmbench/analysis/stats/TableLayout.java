package dev.cmbench.analysis.stats;

import static dev.cmbench.analysis.stats.Dimensions.RUN;

import dev.cmbench.analysis.read.JmhResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How a family's results are laid out in tables: which dimension makes the rows, which split the
 * family into tables, which make the columns, and which take one value per row and so belong to
 * the row's name.
 *
 * @param rowDim     the dimension whose values make the rows; null: one row per benchmark
 * @param folded     dimensions that take one value per row (a @Group's thread count), named in the
 *                   row rather than a column each row fills once
 * @param columnDims the dimensions whose combinations make the columns, the run last
 * @param splitDims  the dimensions whose combinations make separate tables
 * @param fixed      the params with one value in the whole family
 * @param sizeRows   whether the rows are sizes (maxStringLength=5, 25, …), among which no leader is called
 */
record TableLayout(String rowDim, List<String> folded, List<String> columnDims, List<String> splitDims,
        Map<String, String> fixed, boolean sizeRows) {

    /**
     * Columns a table may have before it is split by its column dimension with the fewest values
     * (LockBenchmark's 2 thread kinds × 4 thread counts become two tables of 4), so that it fits
     * a page and a PR comment.
     */
    private static final int MAX_COLUMNS = 6;

    static TableLayout of(List<JmhResult> results, ReportBuilder.Options options, Function<JmhResult, String> runOf) {
        Map<String, Set<String>> values = Dimensions.of(results, runOf);
        List<String> varying = values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .toList();
        String rowDim = Dimensions.rowDimension(varying, values, options.rowDimension(), options.splitDimension());
        List<String> splitDims = new ArrayList<>();
        if (options.splitDimension() != null && varying.contains(options.splitDimension())
                && !options.splitDimension().equals(rowDim)) {
            splitDims.add(options.splitDimension());
        }
        // The run is the last column dimension, so that the runs of one configuration stand side by side.
        List<String> columnDims = Stream.concat(varying.stream().filter(d -> !d.equals(RUN)), varying.stream()
                .filter(RUN::equals)).filter(d -> !d.equals(rowDim) && !splitDims.contains(d)).toList();
        List<String> folded = rowDim == null ? List.of() : columnDims.stream()
                .filter(d -> !d.equals(RUN) && Dimensions.determinedByRow(results, rowDim, d, runOf)).toList();
        columnDims = columnDims.stream().filter(d -> !folded.contains(d)).toList();
        long columnCount = columnDims.stream().mapToLong(d -> values.get(d).size()).reduce(1, (a, b) -> a * b);
        if (columnDims.size() > 1 && columnCount > MAX_COLUMNS) {
            String narrowest = columnDims.stream().filter(d -> !d.equals(RUN))
                    .min(Comparator.comparingInt(d -> values.get(d).size())).orElseThrow();
            splitDims.add(narrowest);
            columnDims = columnDims.stream().filter(d -> !d.equals(narrowest)).toList();
        }
        Map<String, String> fixed = new TreeMap<>();
        values.forEach((dim, vals) -> {
            if (vals.size() == 1 && Dimensions.isParam(dim)) {
                fixed.put(dim, vals.iterator().next());
            }
        });
        boolean sizes = rowDim != null && Dimensions.isParam(rowDim) && Dimensions.isSizeLike(values.get(rowDim));
        return new TableLayout(rowDim, folded, columnDims, List.copyOf(splitDims), fixed, sizes);
    }
}
