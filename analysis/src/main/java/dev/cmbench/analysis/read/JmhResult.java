package dev.cmbench.analysis.read;

import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * One entry of a JMH JSON file.
 *
 * @param source    the file it came from, for messages
 * @param benchmark full benchmark name, e.g. {@code dev.cmbench.bench.BatchBenchmark.makespan}
 * @param mode      thrpt, avgt, sample or ss
 * @param params    @Param values, sorted by name
 * @param secondary secondary metrics by name, without the "·" prefix JMH used before 1.37
 * @param vm        what JMH recorded of the JVM: jdkVersion, vmName, vmVersion, jvmArgs, and its own jmhVersion
 */
public record JmhResult(String source, String benchmark, String mode, int threads, int forks, SortedMap<String, String> params,
        Metric primary, Map<String, Metric> secondary, Map<String, String> vm) {

    /** What identifies a result across files: benchmark + mode + threads + sorted params. */
    public record Key(String benchmark, String mode, int threads, SortedMap<String, String> params) {
        @Override
        public String toString() {
            String p = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            return benchmark + " [" + mode + (threads == 1 ? "" : ", " + threads + " threads") + "]"
                    + (p.isEmpty() ? "" : " {" + p + "}");
        }
    }

    public Key key() {
        return new Key(benchmark, mode, threads, params);
    }

    /** The class part of the benchmark name: {@code org.x.FooBenchmark}. */
    public String className() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(0, dot);
    }

    /** The method part of the benchmark name: {@code makespan}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public String simpleClassName() {
        String c = className();
        return c.substring(c.lastIndexOf('.') + 1);
    }

    public boolean failed() {
        return !primary.scoreIsFinite();
    }
}
