package dev.cmbench.suite;

import dev.cmbench.bench.SkipRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * What the suite runs: every configuration of the selected benchmarks (each parameter's values
 * from the user's {@code -p}, else the settings', else the benchmark's annotation), less the ones
 * a benchmark's {@link SkipRule} leaves out by design, which are listed with their reason, and the
 * server configurations outside the grid's sweeps ({@link SuiteSettings#keeps}).
 */
final class ConfigurationGrid {

    /** JMH's own default fork count, for a benchmark that does not say. */
    private static final int JMH_DEFAULT_FORKS = 5;

    /**
     * One configuration left out, with the reason the report shows.
     *
     * @param notOnTheOtherSide left out of an A/B run because the other side does not have it, not by design
     */
    record Skipped(String benchmark, Map<String, String> params, String reason, boolean notOnTheOtherSide) {
    }

    private final List<Configuration> configurations = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    private ConfigurationGrid() {
    }

    /**
     * The grid of {@code selected} under these user options and settings, every configuration
     * getting {@code pairs} forks if above 0 (an A/B run's {@code --pairs}).
     */
    static ConfigurationGrid of(Collection<BenchmarkListEntry> selected, CommandLineOptions user, SuiteSettings settings,
            int pairs) {
        ConfigurationGrid grid = new ConfigurationGrid();
        for (BenchmarkListEntry entry : selected) {
            Optional<SkipRule> rule = skipRuleOf(entry);
            int forks = pairs > 0 ? pairs : forksOf(entry, user, settings);
            for (Map<String, String> params : combinations(entry, user, settings)) {
                if (rule.flatMap(r -> r.meaningless(params)).isPresent()
                        || !SuiteSettings.keeps(entry.getUsername(), params, user)) {
                    continue; // not a configuration at all: nothing to list
                }
                Optional<String> reason = rule.flatMap(r -> r.cannotRun(params));
                if (reason.isPresent()) {
                    grid.skipped.add(new Skipped(entry.getUsername(), params, reason.get(), false));
                } else {
                    grid.configurations.add(new Configuration(entry.getUsername(), entry.getMode(), new TreeMap<>(params),
                            Math.max(forks, 1), forks == 0 ? 0 : 1));
                }
            }
        }
        return grid;
    }

    /**
     * This grid less the configurations the other side of an A/B run does not have, which move to
     * the skipped ones: a benchmark it lacks, a parameter it does not declare, or a named value
     * (one this tree's annotation lists) that its annotation does not list. A value neither
     * annotation lists (a custom workload, a number) is left to the benchmark.
     *
     * @param against the other side's benchmarks by name, each with its annotated parameter values
     * @param ours    this tree's selected benchmarks, by name
     * @param what    the other side, for the reason: {@code commit 3f2c1a9e01}
     */
    ConfigurationGrid sharedWith(Map<String, Map<String, String[]>> against, Map<String, BenchmarkListEntry> ours,
            String what) {
        ConfigurationGrid shared = new ConfigurationGrid();
        shared.skipped.addAll(skipped);
        for (Configuration configuration : configurations) {
            Map<String, String[]> theirs = against.get(configuration.benchmark());
            Optional<String> missing = theirs == null ? Optional.of("lacks the benchmark")
                    : missingValue(configuration, theirs, ours.get(configuration.benchmark()));
            if (missing.isPresent()) {
                shared.skipped.add(new Skipped(configuration.benchmark(), configuration.params(),
                        what + " " + missing.get() + ", so there is nothing to compare", true));
            } else {
                shared.configurations.add(configuration);
            }
        }
        return shared;
    }

    private static Optional<String> missingValue(Configuration configuration, Map<String, String[]> theirParams,
            BenchmarkListEntry ours) {
        Map<String, String[]> ourParams = ours.getParams().hasValue() ? ours.getParams().get() : Map.of();
        for (Map.Entry<String, String> param : configuration.params().entrySet()) {
            String[] theirValues = theirParams.get(param.getKey());
            if (theirValues == null) {
                return Optional.of("lacks the parameter " + param.getKey());
            }
            boolean named = List.of(ourParams.getOrDefault(param.getKey(), new String[0])).contains(param.getValue());
            if (named && !List.of(theirValues).contains(param.getValue())) {
                return Optional.of("lacks " + param.getKey() + "=" + param.getValue());
            }
        }
        // A parameter only the other side declares would reach its forks unset.
        return theirParams.keySet().stream().filter(name -> !configuration.params().containsKey(name)).findFirst()
                .map(name -> "has a parameter this tree lacks (" + name + ")");
    }

    List<Configuration> configurations() {
        return configurations;
    }

    List<Skipped> skipped() {
        return skipped;
    }

    /** The user's {@code -f}, else 1 under quick settings, else the benchmark's {@code @Fork}. */
    private static int forksOf(BenchmarkListEntry entry, CommandLineOptions user, SuiteSettings settings) {
        if (user.getForkCount().hasValue()) {
            return user.getForkCount().get();
        }
        if (settings != SuiteSettings.FULL) {
            return 1;
        }
        return entry.getForks().orElse(JMH_DEFAULT_FORKS);
    }

    /** Every combination of the benchmark's parameter values, in the order its parameters are declared. */
    private static List<Map<String, String>> combinations(BenchmarkListEntry entry, CommandLineOptions user,
            SuiteSettings settings) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        Map<String, String[]> declared = entry.getParams().hasValue() ? entry.getParams().get() : Map.of();
        for (Map.Entry<String, String[]> param : declared.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : valuesOf(entry.getUsername(), param.getKey(), param.getValue(), user, settings)) {
                    Map<String, String> extended = new LinkedHashMap<>(partial);
                    extended.put(param.getKey(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** A parameter's values: the user's {@code -p}, else the settings', else the benchmark's annotation. */
    private static List<String> valuesOf(String benchmark, String param, String[] annotated, CommandLineOptions user,
            SuiteSettings settings) {
        if (user.getParameter(param).hasValue()) {
            return List.copyOf(user.getParameter(param).get());
        }
        return settings.paramValues(benchmark, param).orElse(List.of(annotated));
    }

    /** The benchmark class's {@code public static final SkipRule SKIPS}, if it has one. */
    private static Optional<SkipRule> skipRuleOf(BenchmarkListEntry entry) {
        try {
            Field field = Class.forName(entry.getUserClassQName()).getField("SKIPS");
            return Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof SkipRule rule
                    ? Optional.of(rule) : Optional.empty();
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the skip rule of " + entry.getUserClassQName(), e);
        }
    }
}
