package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.JmhResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dimensions a family of results varies in, and which of them makes the rows: every @Param,
 * the benchmark method, JMH's thread count, and, with several runs side by side, the run.
 */
final class Dimensions {

    static final String METHOD = "method";
    /**
     * JMH's thread count as a dimension; not "threads", which a benchmark may use as a param name
     * (LockBenchmark does), and one key for both merged the two and dropped results.
     */
    static final String THREADS = "jmh.threads";
    /** The run a result came from, where several runs of the same results are side by side. */
    static final String RUN = "jmh.run";
    /**
     * A value that reads as a number or a size (100, 0.75, 1K, 10M, 64KiB), not a name: a param
     * whose values all do is a size, not the implementation a reader compares.
     */
    private static final Pattern NUMBER_LIKE = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\s*([kKmMgGtT]i?)?[bB]?");

    private Dimensions() {
    }

    /** Every dimension of the results and the values it takes, in order of appearance. */
    static Map<String, Set<String>> of(List<JmhResult> results, Function<JmhResult, String> runOf) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (JmhResult r : results) {
            values.computeIfAbsent(METHOD, k -> new LinkedHashSet<>()).add(r.method());
            values.computeIfAbsent(THREADS, k -> new LinkedHashSet<>()).add(Integer.toString(r.threads()));
            values.computeIfAbsent(RUN, k -> new LinkedHashSet<>()).add(runOf.apply(r));
        }
        Set<String> names = results.stream().flatMap(r -> r.params().keySet().stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String name : names) {
            for (JmhResult r : results) {
                values.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value(r, name, runOf));
            }
        }
        return values;
    }

    static String value(JmhResult r, String dimension, Function<JmhResult, String> runOf) {
        return switch (dimension) {
            case METHOD -> r.method();
            case THREADS -> Integer.toString(r.threads());
            case RUN -> runOf.apply(r);
            default -> r.params().getOrDefault(dimension, "—");
        };
    }

    /** How a dimension is named in tables: JMH's thread count as "threads", the run as "run". */
    static String label(String dimension) {
        return switch (dimension) {
            case THREADS -> "threads";
            case RUN -> "run";
            default -> dimension;
        };
    }

    /** Whether a dimension is JMH's own rather than a @Param. */
    static boolean isParam(String dimension) {
        return !dimension.equals(METHOD) && !dimension.equals(THREADS) && !dimension.equals(RUN);
    }

    /**
     * The rows: the user's choice, else model, else kind, else the first param whose values name
     * something (an implementation: lib=EJML) rather than a size, else the method, else the first
     * varying dimension but the split. Never the run: runs stand side by side as columns.
     */
    static String rowDimension(List<String> varying, Map<String, Set<String>> values, String wanted, String split) {
        List<String> preferred = new ArrayList<>();
        if (wanted != null) {
            preferred.add(wanted);
        }
        preferred.addAll(List.of("model", "kind"));
        varying.stream().filter(d -> isParam(d) && !d.equals(split) && !isSizeLike(values.get(d))).findFirst()
                .ifPresent(preferred::add);
        preferred.add(METHOD);
        for (String dim : preferred) {
            if (varying.contains(dim)) {
                return dim;
            }
            if (dim.equals(label(THREADS)) && varying.contains(THREADS)) {
                return THREADS; // --rows threads, and no param of that name: JMH's thread count
            }
        }
        List<String> rest = varying.stream().filter(d -> !d.equals(split) && !d.equals(RUN)).toList();
        return rest.isEmpty() ? null : rest.get(0);
    }

    /** Whether every value reads as a number, a size or a flag: nothing a reader would rank. */
    static boolean isSizeLike(Set<String> values) {
        return values.stream().allMatch(v -> NUMBER_LIKE.matcher(v.strip()).matches() || v.equals("true")
                || v.equals("false"));
    }

    /**
     * Whether {@code dimension} takes one value in each row: a @Group's thread count, fixed by the
     * group. As a column it would leave every row one filled cell; it belongs to the row's name.
     */
    static boolean determinedByRow(List<JmhResult> results, String rowDim, String dimension,
            Function<JmhResult, String> runOf) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (JmhResult r : results) {
            String value = value(r, dimension, runOf);
            String other = seen.putIfAbsent(value(r, rowDim, runOf), value);
            if (other != null && !other.equals(value)) {
                return false;
            }
        }
        return true;
    }
}
