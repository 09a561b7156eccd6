package dev.cmbench.suite;

import dev.cmbench.bench.SecondaryMetricsProfiler;
import dev.cmbench.workload.Calibration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What one fork's JMH run is told: the user's options, the settings where the user set none,
 * exactly one configuration (its benchmark, mode and parameter values), one fork, fail-on-error,
 * the profiler of secondary metrics, and the suite's fork arguments (the run's calibration, where
 * to log the fork's own speed, where latency logs go).
 */
final class ForkOptions {

    private final CommandLineOptions user;
    private final SuiteSettings settings;
    private final List<String> forkArgs;

    ForkOptions(CommandLineOptions user, SuiteSettings settings, Calibration calibration, Path calibrationLog,
            Path latencyDir) {
        this.user = user;
        this.settings = settings;
        this.forkArgs = List.of("-D" + Calibration.UNITS_PROPERTY + "=" + calibration.unitsPerMicro(),
                "-D" + Calibration.LOG_PROPERTY + "=" + calibrationLog.toAbsolutePath(),
                "-D" + SecondaryMetricsProfiler.LOG_DIR_PROPERTY + "=" + latencyDir.toAbsolutePath());
    }

    /** One fork of {@code configuration}. */
    Options forkOf(Configuration configuration) {
        ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true);
        settings.apply(user, options, configuration.benchmark(), configuration.mode());
        // The user's includes are inherited and OR-ed with any added here; excluding every other name narrows them.
        options.exclude("^(?!" + Pattern.quote(configuration.benchmark()) + "$)")
                .mode(configuration.mode())
                .forks(configuration.jmhForks());
        configuration.params().forEach(options::param);
        // Prepend, not append: a command-line jvmArgsAppend would replace the benchmarks' own.
        List<String> prepend = new ArrayList<>(user.getJvmArgsPrepend().orElse(List.of()));
        prepend.addAll(forkArgs);
        return options.jvmArgsPrepend(prepend.toArray(String[]::new)).addProfiler(SecondaryMetricsProfiler.class).build();
    }
}
