package dev.cmbench.suite;

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
}
