package dev.cmbench.suite;

import dev.cmbench.bench.ForkEnvironmentProfiler;
import dev.cmbench.bench.MachineFloorProbe;
import dev.cmbench.bench.SecondaryMetricsProfiler;
import dev.cmbench.workload.Calibration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What one side's forks are told, each a JMH run of its own: the user's options, the settings
 * where the user set none, exactly one configuration (its benchmark, mode and parameter values),
 * one fork, fail-on-error, the profiler of secondary metrics, the probe of the machine's floor and
 * the profiler of the fork's environment (where the side's jar has them: an older commit's may
 * not), the suite's fork arguments (the run's calibration, where to log the fork's own speed, its
 * floor, its environment and its latency histograms: the side's directory; native access for the
 * probe's {@code sched_setaffinity}), and what the side changes (a JVM, JVM options).
 */
final class ForkOptions {

    static final String CALIBRATION_LOG = "calibration.log";
    static final String ENVIRONMENT_LOG = "fork-environment.log";
    static final String LATENCY_DIR = "latency";
    static final String FLOOR_LOG = "machine-floor.jsonl";

    private final CommandLineOptions user;
    private final SuiteSettings settings;
    private final Map<String, BenchmarkListEntry> benchmarks;
    private final Side side;
    private final Path sideDir;
    private final List<String> forkArgs;
    private final boolean probesFloor;
    private final boolean environmentProfiled;

    /** Options for {@code side}'s forks of {@code benchmarks} (by name), which log into {@code sideDir}. */
    ForkOptions(CommandLineOptions user, SuiteSettings settings, Map<String, BenchmarkListEntry> benchmarks,
            Calibration calibration, Side side, Path sideDir) {
        this.user = user;
        this.settings = settings;
        this.benchmarks = benchmarks;
        this.side = side;
        this.sideDir = sideDir;
        this.forkArgs = List.of("-D" + Calibration.UNITS_PROPERTY + "=" + calibration.unitsPerMicro(),
                "-D" + Calibration.LOG_PROPERTY + "=" + sideDir.resolve(CALIBRATION_LOG).toAbsolutePath(),
                "-D" + SecondaryMetricsProfiler.LOG_DIR_PROPERTY + "=" + sideDir.resolve(LATENCY_DIR).toAbsolutePath(),
                "-D" + MachineFloorProbe.LOG_PROPERTY + "=" + sideDir.resolve(FLOOR_LOG).toAbsolutePath(),
                "-D" + ForkEnvironmentProfiler.LOG_PROPERTY + "=" + sideDir.resolve(ENVIRONMENT_LOG).toAbsolutePath(),
                "--enable-native-access=ALL-UNNAMED");
        this.probesFloor = side.classPath() == null || jarHas(side.classPath(), MachineFloorProbe.class);
        this.environmentProfiled = side.classPath() == null || jarHas(side.classPath(), ForkEnvironmentProfiler.class);
    }

    /** Whether {@code jar} holds {@code type}: another commit's jar may predate it, and its forks could not load it. */
    private static boolean jarHas(String jar, Class<?> type) {
        try (ZipFile zip = new ZipFile(jar)) {
            return zip.getEntry(type.getName().replace('.', '/') + ".class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    Side side() {
        return side;
    }

    /** Where the side's forks log their own speed and their latency histograms. */
    Path sideDirectory() {
        return sideDir;
    }

    /** One fork of {@code configuration}, JMH's own output of it going to {@code log} rather than the console. */
    Options forkOf(Configuration configuration, Path log) {
        ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true)
                .output(log.toAbsolutePath().toString());
        settings.apply(user, options, configuration.benchmark(), configuration.mode());
        // The user's includes are inherited and OR-ed with any added here; excluding every other name narrows them.
        options.exclude("^(?!" + Pattern.quote(configuration.benchmark()) + "$)")
                .mode(configuration.mode())
                .forks(configuration.jmhForks());
        configuration.params().forEach(options::param);
        // Prepend, not append: a command-line jvmArgsAppend would replace the benchmarks' own.
        List<String> prepend = new ArrayList<>(user.getJvmArgsPrepend().orElse(List.of()));
        prepend.addAll(forkArgs);
        options.jvmArgsPrepend(prepend.toArray(String[]::new));
        if (!side.jvmArgs().isEmpty()) {
            // The side's options come last, where the benchmarks' own (-Xmx, say) cannot override them.
            Collection<String> own = user.getJvmArgsAppend().hasValue() ? user.getJvmArgsAppend().get()
                    : benchmarks.get(configuration.benchmark()).getJvmArgsAppend().orElse(List.of());
            List<String> append = new ArrayList<>(own);
            append.addAll(side.jvmArgs());
            options.jvmArgsAppend(append.toArray(String[]::new));
        }
        options.addProfiler(SecondaryMetricsProfiler.class);
        if (probesFloor) {
            options.addProfiler(MachineFloorProbe.class);
        }
        if (environmentProfiled) {
            options.addProfiler(ForkEnvironmentProfiler.class);
        }
        return side.applyTo(options).build();
    }
}
