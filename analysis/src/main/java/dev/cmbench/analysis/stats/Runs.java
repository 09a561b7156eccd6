package dev.cmbench.analysis.stats;

import dev.cmbench.analysis.read.Environment;
import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.ResultSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Several runs of the same benchmarks in one report, side by side: files that hold the same
 * results (a CI matrix of machines or JDKs, two JVM options, two commits) become columns named by
 * what differs between their runs (cores, CPU, JDK, JVM options, settings), from env.json where there
 * is one and from what JMH recorded otherwise. Files that hold different results are simply one
 * report, as before.
 */
final class Runs {

    private final List<ResultSet> sets;
    private final List<String> labels;
    private final List<String> differing;
    private final Map<JmhResult, Integer> setOf = new IdentityHashMap<>();

    private Runs(List<ResultSet> sets, List<String> labels, List<String> differing) {
        this.sets = sets;
        this.labels = labels;
        this.differing = differing;
        for (int i = 0; i < sets.size(); i++) {
            for (JmhResult r : sets.get(i).results()) {
                setOf.put(r, i);
            }
        }
    }

    /**
     * The runs among {@code sets}: side by side when a result appears in more than one file.
     *
     * @throws InputException when a file is given twice
     */
    static Runs of(List<ResultSet> sets) throws InputException {
        Set<Path> files = new LinkedHashSet<>();
        for (ResultSet set : sets) {
            if (!files.add(set.file().toAbsolutePath().normalize())) {
                throw new InputException(set.file(), "is given twice");
            }
        }
        Set<JmhResult.Key> seen = new LinkedHashSet<>();
        boolean repeated = false;
        for (ResultSet set : sets) {
            Set<JmhResult.Key> own = set.results().stream().map(JmhResult::key).collect(Collectors.toSet());
            repeated |= own.stream().anyMatch(seen::contains);
            seen.addAll(own);
        }
        if (!repeated) {
            return new Runs(sets, List.of(), List.of());
        }
        List<Map<String, String>> traits = options(sets.stream().map(Runs::traits).toList());
        List<String> differing = new ArrayList<>();
        for (String name : TRAITS) {
            if (traits.stream().map(t -> t.getOrDefault(name, "")).distinct().count() > 1) {
                differing.add(name);
            }
        }
        return new Runs(sets, labels(sets, traits, differing), differing);
    }

    /** Whether the report shows several runs of the same results side by side. */
    boolean sideBySide() {
        return !labels.isEmpty();
    }

    /** The run of a result, as its column names it; empty when the report is one run. */
    String label(JmhResult r) {
        return sideBySide() ? labels.get(setOf.get(r)) : "";
    }

    /** The first run's label, the one ratios are taken to. */
    String first() {
        return labels.get(0);
    }

    /** Every run, in the order given; empty when the report is one run. */
    List<Report.Run> list() {
        List<Report.Run> runs = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            runs.add(new Report.Run(sets.get(i).file().toString(), labels.get(i)));
        }
        return runs;
    }

    /** What sets the runs apart, in the words of {@link #TRAITS}; empty when nothing does but the file. */
    List<String> differing() {
        return differing;
    }

    /** The traits a run is known by, in the order a label names them. */
    private static final List<String> TRAITS = List.of("cores", "CPU", "memory", "os", "JDK", "VM", "JVM options",
            "settings", "JMH options", "JMH", "commit");

    private static Map<String, String> traits(ResultSet set) {
        Environment e = set.environment();
        Map<String, String> vm = new HashMap<>();
        set.results().forEach(r -> r.vm().forEach(vm::putIfAbsent));
        Map<String, String> traits = new LinkedHashMap<>();
        e.cores().ifPresent(c -> traits.put("cores", c + (c == 1 ? " core" : " cores")));
        // The processor's model, without the counts env.json adds after it ("AMD EPYC 7B13: 2 logical CPUs, …").
        e.cpu().map(cpu -> cpu.contains(": ") ? cpu.substring(0, cpu.indexOf(": ")) : cpu)
                .ifPresent(model -> traits.put("CPU", model));
        e.memoryBytes().ifPresent(m -> traits.put("memory", (m >> 30) + " GiB"));
        e.os().ifPresent(os -> traits.put("os", os));
        // JMH's own record of the JDK is the short one (25.0.3+9-LTS); env.json's adds the vendor.
        Optional.ofNullable(vm.getOrDefault("vmVersion", vm.get("jdkVersion"))).or(e::jdk)
                .ifPresent(jdk -> traits.put("JDK", "JDK " + jdk));
        Optional.ofNullable(vm.get("vmName")).ifPresent(name -> traits.put("VM", name));
        e.jvmArgs().or(() -> Optional.ofNullable(vm.get("jvmArgs"))).flatMap(EnvironmentCheck::measuringArgs)
                .ifPresent(args -> traits.put("JVM options", args));
        e.settings().ifPresent(s -> traits.put("settings", s + " settings"));
        e.jmhArgs().ifPresent(args -> traits.put("JMH options", args));
        Optional.ofNullable(vm.get("jmhVersion")).ifPresent(v -> traits.put("JMH", "JMH " + v));
        e.gitCommit().ifPresent(c -> traits.put("commit", "commit " + c.substring(0, Math.min(7, c.length()))));
        return traits;
    }

    /**
     * Each run's label: the traits that differ, options shown as those not every run has; the
     * file's distinguishing path where no trait differs (two runs of one machine and JDK).
     */
    private static List<String> labels(List<ResultSet> sets, List<Map<String, String>> traits, List<String> differing) {
        List<String> labels = new ArrayList<>();
        for (Map<String, String> own : traits) {
            List<String> parts = new ArrayList<>();
            for (String name : differing) {
                String value = own.getOrDefault(name, "");
                parts.add(value.isEmpty() ? name + " unknown" : value);
            }
            labels.add(String.join(" · ", parts));
        }
        List<String> files = distinguishingPaths(sets);
        List<String> unique = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            boolean shared = labels.indexOf(label) != labels.lastIndexOf(label);
            unique.add(label.isEmpty() ? files.get(i) : shared ? label + " (" + files.get(i) + ")" : label);
        }
        return unique;
    }

    /**
     * The option traits as a label shows them: the options a run has that not every run has
     * ("-XX:+UseSerialGC"), or, where it has none of those, "without" the others'
     * ("without -XX:+UseSerialGC"). JMH options repeat the JVM options they pass
     * ({@code -jvmArgsAppend -XX:+UseSerialGC}); those words are left to the JVM options.
     */
    private static List<Map<String, String>> options(List<Map<String, String>> traits) {
        List<Map<String, String>> shown = traits.stream().map(t -> (Map<String, String>) new LinkedHashMap<>(t)).toList();
        for (String name : List.of("JVM options", "JMH options")) {
            List<List<String>> words = traits.stream().map(t -> Arrays.stream(t.getOrDefault(name, "").split(" "))
                    .filter(w -> !w.isEmpty()).toList()).toList();
            Set<String> common = new LinkedHashSet<>(words.get(0));
            words.forEach(common::retainAll);
            Set<String> uncommon = new LinkedHashSet<>();
            words.forEach(w -> w.stream().filter(word -> !common.contains(word)).forEach(uncommon::add));
            if (name.equals("JMH options")) {
                uncommon.removeIf(word -> word.startsWith("-jvmArgs") || traits.stream()
                        .anyMatch(t -> Arrays.asList(t.getOrDefault("JVM options", "").split(" ")).contains(word)));
            }
            for (int i = 0; i < traits.size(); i++) {
                List<String> runWords = words.get(i);
                List<String> own = runWords.stream().filter(uncommon::contains).toList();
                List<String> lacks = uncommon.stream().filter(word -> !runWords.contains(word)).toList();
                String value = !own.isEmpty() ? String.join(" ", own)
                        : lacks.isEmpty() ? "" : "without " + String.join(" ", lacks);
                if (uncommon.isEmpty()) {
                    shown.get(i).remove(name);
                } else {
                    shown.get(i).put(name, value);
                }
            }
        }
        return shown;
    }

    /** Each file's path from the first directory in which it differs from the others': a/jmh.json, b/jmh.json. */
    static List<String> distinguishingPaths(List<ResultSet> sets) {
        List<Path> paths = sets.stream().map(s -> s.file().toAbsolutePath().normalize()).toList();
        List<String> names = new ArrayList<>();
        for (Path path : paths) {
            int keep = 1;
            while (keep < path.getNameCount()) {
                Path suffix = path.subpath(path.getNameCount() - keep, path.getNameCount());
                if (paths.stream().filter(p -> !p.equals(path)).noneMatch(p -> p.endsWith(suffix))) {
                    break;
                }
                keep++;
            }
            names.add(path.subpath(path.getNameCount() - keep, path.getNameCount()).toString());
        }
        return names;
    }
}
