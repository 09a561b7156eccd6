package dev.cmbench.suite;

import java.io.Serializable;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;

/**
 * One configuration of the suite: a benchmark with one value for each of its parameters, and the
 * number of forks it gets. Each of its forks is a JMH run of its own, so that the runner can
 * interleave forks of different configurations.
 *
 * @param benchmark the benchmark's full name, e.g. {@code dev.cmbench.bench.BatchBenchmark.makespan}
 * @param mode      the benchmark's mode
 * @param params    one value per parameter, by name
 * @param forks     how many forks this configuration gets (per side in an A/B run: {@code --pairs},
 *                  else the user's {@code -f}, else the settings')
 * @param jmhForks  what each of its JMH runs is told: 1, or 0 when the user asked for no fork
 *                  ({@code -f 0}: in the runner's own JVM, for debugging)
 */
record Configuration(String benchmark, Mode mode, SortedMap<String, String> params, int forks, int jmhForks)
        implements Serializable {

    Configuration {
        params = new TreeMap<>(params);
    }

    /** What identifies it in the run's state and on the console: {@code BatchBenchmark.makespan {model=virtual, tasks=100}}. */
    String label() {
        String values = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return ParamCheck.shortName(benchmark) + (mode == Mode.AverageTime ? "" : " [" + mode.shortLabel() + "]")
                + (values.isEmpty() ? "" : " {" + values + "}");
    }
}
