package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.ForkEnvironments;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's environment section: what each run's env.json (or JMH itself) says of the machine and the run. */
public final class EnvironmentTable {

    private EnvironmentTable() {
    }

    /**
     * "one cross-core wake-up 25.0 µs (16.7-37.2 over 84 forks), wakeRoundTripSameCoreMicros 4.93
     * (4.39-6.86), …": each figure's median over the forks with its range, where the forks read it.
     */
    private static String floorText(Environment.MachineFloor floor) {
        Map<String, String> figures = floor.figures();
        StringBuilder text = new StringBuilder("one cross-core wake-up " + ScoreUnit.number(floor.wakeUpMicros()) + " µs"
                + range(figures, "wakeUpMicros") + (floor.forks().isEmpty() ? ", probed once before the first fork"
                        : " over " + floor.forks().size() + " forks, each probed after its last iteration"));
        figures.forEach((name, value) -> {
            if (!name.startsWith("wakeUpMicros") && !name.endsWith("Min") && !name.endsWith("Max")) {
                text.append(", ").append(name).append(' ').append(shown(value)).append(range(figures, name));
            }
        });
        return text.toString();
    }

    /** A number as the report shows one ("49.99"), anything else as it is ("true"). */
    private static String shown(String value) {
        try {
            return ScoreUnit.number(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String range(Map<String, String> figures, String name) {
        String min = figures.get(name + "Min");
        String max = figures.get(name + "Max");
        return min == null || max == null ? "" : " (" + ScoreUnit.number(Double.parseDouble(min)) + "-"
                + ScoreUnit.number(Double.parseDouble(max)) + ")";
    }

    private static String forksText(ForkEnvironments forks) {
        return "over " + forks.forks() + " forks, other processes used at most "
                + ScoreUnit.number(forks.otherCpuPercentMax()) + " % of the machine's CPU time and the hypervisor stole"
                + " at most " + ScoreUnit.number(forks.stealPercentMax()) + " %; " + forks.disturbed().size()
                + " disturbed (past " + ScoreUnit.number(forks.otherCpuPercentThreshold()) + " % or "
                + ScoreUnit.number(forks.stealPercentThreshold()) + " %)";
    }

    static Map<String, String> of(List<ResultSet> sets) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> names = Runs.distinguishingPaths(sets); // a/jmh.json, b/jmh.json: not jmh.json twice
        for (ResultSet set : sets) {
            Environment e = set.environment();
            String prefix = sets.size() > 1 ? names.get(sets.indexOf(set)) + " " : "";
            e.cores().ifPresent(v -> env.put(prefix + "cores", v.toString()));
            e.memoryBytes().ifPresent(v -> env.put(prefix + "memory", (v >> 20) + " MiB"));
            e.os().ifPresent(v -> env.put(prefix + "os", v));
            e.jdk().ifPresent(v -> env.put(prefix + "jdk", v));
            e.jvmArgs().ifPresent(v -> env.put(prefix + "JVM args", v));
            e.unitsPerMicro().ifPresent(v -> env.put(prefix + "compute calibration", ScoreUnit.number(v) + " units/µs"
                    + e.forkSpeedsMedian().map(f -> " (the forks ran at a median " + ScoreUnit.number(f)
                            + e.forkSpeedsUpperDecile().filter(d -> !d.equals(f))
                                    .map(d -> ", an upper decile " + ScoreUnit.number(d)).orElse("") + ")").orElse("")));
            e.cpu().ifPresent(v -> env.put(prefix + "cpu", v));
            e.floor().ifPresent(f -> env.put(prefix + "machine floor", floorText(f)));
            e.forkEnvironments().ifPresent(f -> env.put(prefix + "while the forks measured", forksText(f)));
            e.gitCommit().ifPresent(v -> env.put(prefix + "git commit", v));
            e.timestamp().ifPresent(v -> env.put(prefix + "timestamp", v));
            e.workloads().forEach((name, shape) -> env.put(prefix + "workload " + name, "sleep "
                    + ScoreUnit.duration(shape.sleep().toNanos()) + ", compute " + ScoreUnit.duration(shape.compute().toNanos())));
            if (!set.hasEnvironment() && !set.results().isEmpty()) {
                set.results().get(0).vm().forEach((k, v) -> env.putIfAbsent(prefix + k, v));
            }
        }
        return env;
    }
}
