package dev.cmbench.suite;

import dev.cmbench.bench.ControlledBy;
import dev.cmbench.bench.HeadlineMetric;
import dev.cmbench.bench.WakesThreads;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/** What the selected benchmarks say of their own figures, by full name, for env.json. */
final class MarkedBenchmarks {

    private MarkedBenchmarks() {
    }

    /** Benchmarks marked {@link WakesThreads}, with the wake-ups they contain. */
    static Map<String, String> waking(Collection<BenchmarkListEntry> selected) {
        return marked(selected, WakesThreads.class, WakesThreads::value);
    }

    /** Benchmarks marked {@link HeadlineMetric}, with the secondary metric that is their figure. */
    static Map<String, String> headlineMetrics(Collection<BenchmarkListEntry> selected) {
        return marked(selected, HeadlineMetric.class, HeadlineMetric::value);
    }

    /**
     * The secondary metric {@code benchmark} (a full method name) names as its figure, if any; none
     * for a benchmark of another side's jar that this one lacks, which is measured by its primary score.
     */
    static Optional<String> headlineMetric(String benchmark) {
        String benchmarkClass = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        try {
            return Optional.ofNullable(mark(benchmarkClass, benchmark, HeadlineMetric.class)).map(HeadlineMetric::value);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Benchmarks marked {@link ControlledBy}, with their control: its param, value and the param it is per. */
    static Map<String, Map<String, String>> controls(Collection<BenchmarkListEntry> selected) {
        return marked(selected, ControlledBy.class, c -> Map.of("param", c.param(), "value", c.value(), "per", c.per()));
    }

    private static <A extends Annotation, T> Map<String, T> marked(Collection<BenchmarkListEntry> selected,
            Class<A> mark, Function<A, T> value) {
        Map<String, T> found = new TreeMap<>();
        for (BenchmarkListEntry entry : selected) {
            try {
                A marked = mark(entry.getUserClassQName(), entry.getUsername(), mark);
                if (marked != null) {
                    found.put(entry.getUsername(), value.apply(marked));
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load benchmark class " + entry.getUserClassQName(), e);
            }
        }
        return found;
    }

    /** The {@code mark} on the method {@code benchmark} (a full method name) of {@code benchmarkClass}, or null. */
    private static <A extends Annotation> A mark(String benchmarkClass, String benchmark, Class<A> mark)
            throws ClassNotFoundException {
        for (Method method : Class.forName(benchmarkClass).getMethods()) {
            A marked = method.getAnnotation(mark);
            if (marked != null && benchmark.equals(benchmarkClass + "." + method.getName())) {
                return marked;
            }
        }
        return null;
    }
}
