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
 * @param grid the parameters in the order the runner splits on: the first is the row (model or
 *             kind), the last the size (tasks or units)
 */
public record SkipRule(List<String> grid, Rule rule) {

    /** Why the configuration with these parameter values cannot run; empty if it can. */
    public interface Rule {
        Optional<String> cannotRun(Map<String, String> params);
    }

    public Optional<String> cannotRun(Map<String, String> params) {
        try {
            return rule.cannotRun(params);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a value that does not parse: the benchmark's set-up says so
        }
    }

    /** Throws "skipped by design: reason" if the configuration cannot run. */
    public void refuse(Map<String, String> params) {
        cannotRun(params).ifPresent(reason -> {
            throw new IllegalStateException("skipped by design: " + reason);
        });
    }
}
