package dev.cmbench.analysis.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the report names a benchmark class: its simple name, or as much of its package as tells it
 * from another class of the same simple name ({@code constshapemap.BigMapReadBenchmark} beside
 * {@code shapemap.BigMapReadBenchmark}). Two classes under one name once shared a table and a cell.
 */
public final class ClassNames {

    private ClassNames() {
    }

    /** Each class name with the shortest dotted suffix that no other class of {@code classNames} shares. */
    public static Map<String, String> shortest(Collection<String> classNames) {
        Set<String> classes = new LinkedHashSet<>(classNames);
        Map<String, String> names = new HashMap<>();
        for (String name : classes) {
            String[] parts = name.split("\\.");
            for (int keep = 1; keep <= parts.length; keep++) {
                String suffix = String.join(".", Arrays.copyOfRange(parts, parts.length - keep, parts.length));
                if (keep == parts.length || classes.stream().filter(other -> !other.equals(name))
                        .noneMatch(other -> other.equals(suffix) || other.endsWith("." + suffix))) {
                    names.put(name, suffix);
                    break;
                }
            }
        }
        return names;
    }
}
