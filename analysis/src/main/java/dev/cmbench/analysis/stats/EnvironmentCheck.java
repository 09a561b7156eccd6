package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What differs between the environments of two runs: cores, JDK, JVM arguments and the compute
 * calibration (the work each task does), from
 * env.json where present and from what JMH itself recorded in each result otherwise. Numbers
 * from different machines or JVMs are not a regression test.
 */
public final class EnvironmentCheck {

    private EnvironmentCheck() {
    }

    public static List<String> differences(ResultSet baseline, ResultSet current) {
        Set<String> differences = new LinkedHashSet<>();
        Environment b = baseline.environment();
        Environment c = current.environment();
        compare(differences, "cores", b.cores(), c.cores());
        compare(differences, "jdk", b.jdk(), c.jdk());
        compare(differences, "JVM args", b.jvmArgs(), c.jvmArgs());
        // Different calibrations handed to the forks mean different work per task. Older runs calibrated
        // each fork on its own (no calibrationSource): their figure is a median, not the work done.
        if (b.calibrationSource().isPresent() && c.calibrationSource().isPresent()) {
            compare(differences, "compute calibration (units/µs; reuse the baseline's with -Dbench.calibration)",
                    b.unitsPerMicro(), c.unitsPerMicro());
        }
        Map<JmhResult.Key, JmhResult> before = new HashMap<>();
        baseline.results().forEach(r -> before.put(r.key(), r));
        for (JmhResult after : current.results()) {
            JmhResult r = before.get(after.key());
            if (r != null) {
                for (String field : List.of("jdkVersion", "vmName", "vmVersion")) {
                    compare(differences, field + " (as JMH recorded it)", Optional.ofNullable(r.vm().get(field)),
                            Optional.ofNullable(after.vm().get(field)));
                }
                compare(differences, "jvmArgs (as JMH recorded it)", measuringArgs(r.vm().get("jvmArgs")),
                        measuringArgs(after.vm().get("jvmArgs")));
            }
        }
        return List.copyOf(differences);
    }

    /**
     * JVM arguments that can change a measurement: all but the suite's own bookkeeping
     * ({@code -Dcmbench.*}: where the forks write their calibration and latency logs), which
     * differ whenever two runs write to different directories.
     */
    static Optional<String> measuringArgs(String args) {
        if (args == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(args.split(" ")).filter(a -> !a.startsWith(BOOKKEEPING))
                .collect(Collectors.joining(" ")));
    }

    static final String BOOKKEEPING = "-Dcmbench.";

    private static <T> void compare(Set<String> out, String what, Optional<T> before, Optional<T> after) {
        if (before.isPresent() && after.isPresent() && !before.get().equals(after.get())) {
            Function<T, String> show = v -> "'" + v + "'";
            out.add(what + ": " + show.apply(before.get()) + " in the baseline, " + show.apply(after.get()) + " now");
        }
    }
}
