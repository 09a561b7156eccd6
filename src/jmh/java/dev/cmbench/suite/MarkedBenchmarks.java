package dev.cmbench.suite;

import dev.cmbench.bench.HeadlineMetric;
import dev.cmbench.bench.WakesThreads;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
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

    private static <A extends Annotation> Map<String, String> marked(Collection<BenchmarkListEntry> selected,
            Class<A> mark, Function<A, String> value) {
        Map<String, String> found = new TreeMap<>();
        for (BenchmarkListEntry entry : selected) {
            try {
                for (Method method : Class.forName(entry.getUserClassQName()).getMethods()) {
                    A marked = method.getAnnotation(mark);
                    if (marked != null && entry.getUsername().equals(entry.getUserClassQName() + "." + method.getName())) {
                        found.put(entry.getUsername(), value.apply(marked));
                    }
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load benchmark class " + entry.getUserClassQName(), e);
            }
        }
        return found;
    }
}
