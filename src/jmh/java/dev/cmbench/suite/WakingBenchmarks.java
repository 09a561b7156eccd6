package dev.cmbench.suite;

import dev.cmbench.bench.WakesThreads;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/** The selected benchmarks marked {@link WakesThreads}, by full name, with the wake-ups they contain. */
final class WakingBenchmarks {

    private WakingBenchmarks() {
    }

    static Map<String, String> among(Collection<BenchmarkListEntry> selected) {
        Map<String, String> waking = new TreeMap<>();
        for (BenchmarkListEntry entry : selected) {
            try {
                for (Method method : Class.forName(entry.getUserClassQName()).getMethods()) {
                    WakesThreads marked = method.getAnnotation(WakesThreads.class);
                    if (marked != null && entry.getUsername().equals(entry.getUserClassQName() + "." + method.getName())) {
                        waking.put(entry.getUsername(), marked.value());
                    }
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load benchmark class " + entry.getUserClassQName(), e);
            }
        }
        return waking;
    }
}
