package dev.cmbench.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configurations of a benchmark's parameter grid that cannot run here, with the reason the
 * report shows. A benchmark class that has such configurations exposes one as
 * {@code public static final SkipRule SKIPS}; the suite runner leaves those configurations out
 * and lists them, and the benchmark's set-up refuses them under plain JMH with
 * "skipped by design: reason".
 *
 * @param grid         the parameters in the order the runner splits on: the first is the row (model or
 *                     kind), the last the size (tasks or units)
 * @param rule         why a configuration cannot run here, listed as skipped
 * @param inapplicable why a configuration means nothing (see {@link #meaningless}), left out unlisted
 */
public record SkipRule(List<String> grid, Rule rule, Rule inapplicable) {

    /** Why the configuration with these parameter values cannot run; empty if it can. */
    public interface Rule {
        Optional<String> cannotRun(Map<String, String> params);
    }

    /** A rule with no configuration that is meaningless, only ones that cannot run here. */
    public SkipRule(List<String> grid, Rule rule) {
        this(grid, rule, p -> Optional.empty());
    }

    public Optional<String> cannotRun(Map<String, String> params) {
        return ask(rule, params);
    }

    /**
     * Why the configuration is meaningless (a parameter that only some kinds read, set to a value
     * other than its default for a kind that ignores it): the suite runner leaves it out without
     * listing it, since nothing is missing.
     */
    public Optional<String> meaningless(Map<String, String> params) {
        return ask(inapplicable, params);
    }

    private static Optional<String> ask(Rule rule, Map<String, String> params) {
        try {
            return rule.cannotRun(params);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a value that does not parse: the benchmark's set-up says so
        }
    }

    /** Throws "skipped by design: reason" if the configuration cannot run or is meaningless. */
    public void refuse(Map<String, String> params) {
        meaningless(params).or(() -> cannotRun(params)).ifPresent(reason -> {
            throw new IllegalStateException("skipped by design: " + reason);
        });
    }
}
