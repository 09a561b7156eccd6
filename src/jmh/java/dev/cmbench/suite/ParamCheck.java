package dev.cmbench.suite;

import dev.cmbench.load.Descriptors;
import dev.cmbench.workload.WorkloadShape;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The user's {@code -p} values, checked against the selected benchmarks before the first fork,
 * so that a typo fails in one line at once instead of as a stack trace from inside a fork:
 * a named parameter (model, kind, thread) takes only the values its benchmark declares, a
 * numeric one only numbers, {@code workload} a named workload or a valid custom one, and
 * {@code connections} no more than the machine's file-descriptor limit allows.
 */
final class ParamCheck {

    private ParamCheck() {
    }

    /** The first value no selected benchmark can run, in one line; empty if all can. */
    static Optional<String> problem(CommandLineOptions user, Collection<BenchmarkListEntry> selected) {
        for (BenchmarkListEntry entry : selected) {
            Map<String, String[]> declared = entry.getParams().hasValue() ? entry.getParams().get() : Map.of();
            for (var param : declared.entrySet()) {
                if (!user.getParameter(param.getKey()).hasValue()) {
                    continue;
                }
                for (String value : user.getParameter(param.getKey()).get()) {
                    Optional<String> problem = check(entry.getUsername(), param.getKey(), List.of(param.getValue()), value);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(String benchmark, String name, List<String> declared, String value) {
        if (name.equals("workload")) {
            try {
                WorkloadShape.of(value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of("-p workload=" + value + ": " + e.getMessage());
            }
        }
        boolean numeric = declared.stream().allMatch(ParamCheck::isNumber);
        if (numeric && !isNumber(value)) {
            return Optional.of("-p " + name + "=" + value + ": " + shortName(benchmark) + " takes a number");
        }
        if (name.equals("connections") && value.matches("[0-9]{1,9}")) {
            return Descriptors.tooManyFor(Integer.parseInt(value)).map(why -> "-p connections=" + value + ": " + why);
        }
        if (!numeric && !declared.contains(value)) {
            return Optional.of("-p " + name + "=" + value + ": unknown " + name + " for " + shortName(benchmark)
                    + "; known: " + String.join(", ", declared));
        }
        return Optional.empty();
    }

    private static boolean isNumber(String text) {
        return text.matches("-?[0-9]+(\\.[0-9]+)?");
    }

    /** {@code BatchBenchmark.makespan} of {@code dev.cmbench.bench.BatchBenchmark.makespan}. */
    static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : String.join(".", Arrays.copyOfRange(parts, parts.length - 2, parts.length));
    }
}
