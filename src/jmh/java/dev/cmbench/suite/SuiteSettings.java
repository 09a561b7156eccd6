package dev.cmbench.suite;

import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Quick or full: the benchmark classes' annotations are the full settings; quick overrides them
 * from the command line, never by copies. Anything the user passes to JMH wins over both.
 */
public enum SuiteSettings {
    /** Every family once, short iterations: the default of {@code mvn verify -Pbench}. */
    QUICK {
        @Override
        void apply(CommandLineOptions user, ChainedOptionsBuilder options) {
            if (!user.getForkCount().hasValue()) {
                options.forks(1);
            }
            if (!user.getWarmupIterations().hasValue()) {
                options.warmupIterations(2);
            }
            if (!user.getWarmupTime().hasValue()) {
                options.warmupTime(TimeValue.seconds(1));
            }
            if (!user.getMeasurementIterations().hasValue()) {
                options.measurementIterations(3);
            }
            if (!user.getMeasurementTime().hasValue()) {
                options.measurementTime(TimeValue.seconds(1));
            }
        }
    },
    /** The annotations as written: more forks and iterations, the whole parameter grid. */
    FULL {
        @Override
        void apply(CommandLineOptions user, ChainedOptionsBuilder options) {
        }
    };

    /** Sets on {@code options} the settings of this mode that the user did not set. */
    abstract void apply(CommandLineOptions user, ChainedOptionsBuilder options);

    /** Parameter values this mode uses instead of the annotations', unless the user gave some. */
    Map<String, List<String>> params() {
        return this == QUICK ? QUICK_PARAMS : Map.of();
    }

    /**
     * Sets this mode's parameter values the user did not set. Only on runs whose parameters are
     * not already pinned: JMH's {@code param()} adds values, it does not replace them.
     */
    void applyParams(CommandLineOptions user, ChainedOptionsBuilder options) {
        params().forEach((name, values) -> {
            if (!user.getParameter(name).hasValue()) {
                options.param(name, values.toArray(String[]::new));
            }
        });
    }

    private static final Map<String, List<String>> QUICK_PARAMS = Map.of("tasks", List.of("100", "1000"));
}
