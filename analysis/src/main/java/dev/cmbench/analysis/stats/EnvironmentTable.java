package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.ResultSet;
import dev.cmbench.analysis.read.ScoreUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's environment section: what each run's env.json (or JMH itself) says of the machine and the run. */
public final class EnvironmentTable {

    private EnvironmentTable() {
    }

    private static String floorText(Environment.MachineFloor floor) {
        StringBuilder text = new StringBuilder("one cross-core wake-up " + ScoreUnit.number(floor.wakeUpMicros()) + " µs");
        floor.figures().forEach((name, value) -> {
            if (!name.equals("wakeUpMicros")) {
                text.append(", ").append(name).append(' ').append(value);
            }
        });
        return text.toString();
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
            e.floor().ifPresent(f -> env.put(prefix + "machine floor", floorText(f)));
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
