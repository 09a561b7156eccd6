package dev.cmbench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cmbench.analysis.Analyzer;
import dev.cmbench.analysis.OutputFiles;
import dev.cmbench.bench.SkipRule;
import dev.cmbench.bench.SecondaryMetricsProfiler;
import dev.cmbench.workload.Calibration;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code mvn verify -Pbench} runs: the JMH suite with the quick or full settings and any JMH
 * option on top, failing on the first benchmark error. Writes into OUT:
 * <ul>
 *   <li>{@code jmh.json}: JMH's own JSON of every result;</li>
 *   <li>{@code env.json}: machine, JDK, JVM arguments, the run's compute calibration and each fork's
 *       own speed, the machine's wake-up floor, commit;</li>
 *   <li>{@code skipped.json}: configurations left out by design, each with its reason;</li>
 *   <li>{@code latency/*.hlog}: HdrHistogram logs of per-task latency, per configuration and fork;</li>
 *   <li>{@code report.md}, {@code report.html}, {@code report.csv}: the analyzer's report;</li>
 *   <li>{@code compare.md}: the gate's verdict, when a baseline is given.</li>
 * </ul>
 *
 * <pre>java -cp target/benchmarks.jar dev.cmbench.suite.SuiteRunner --out DIR [--settings quick|full]
 *     [--baseline PATH] [--calibration UNITS|ENV.JSON] [-- JMH options...]</pre>
 *
 * Exit codes: 0 done; 1 a benchmark failed or the gate found a regression; 2 bad arguments or input.
 */
@Command(name = "SuiteRunner", mixinStandardHelpOptions = true,
        description = "Runs the cmbench suite through JMH, then reports, then gates against a baseline if given.")
public final class SuiteRunner implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where results and reports go")
    Path out;

    @Option(names = "--settings", defaultValue = "quick", paramLabel = "quick|full",
            description = "quick (default) or full: the benchmarks' own annotations")
    SuiteSettings settings;

    @Option(names = "--baseline", defaultValue = "", paramLabel = "PATH",
            description = "a jmh.json to gate against (blank: no gate)")
    String baseline;

    @Option(names = "--calibration", defaultValue = "", paramLabel = "UNITS|ENV.JSON",
            description = "compute units per µs for every fork, or an env.json whose calibration to reuse "
                    + "(blank: the baseline's if gating, else measured once now)")
    String calibration;

    @Parameters(paramLabel = "JMH-OPTION", description = "after --: any JMH option or benchmark regex")
    List<String> jmhArgs = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new SuiteRunner()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, a) -> usage(e.getMessage()))
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        CommandLineOptions user;
        try {
            user = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            return usage("bad JMH option: " + e.getMessage());
        }
        Map<String, BenchmarkListEntry> selected = select(user.getIncludes(), user.getExcludes());
        if (selected.isEmpty()) {
            return usage("no benchmark matches " + user.getIncludes() + " (excluding " + user.getExcludes() + ")");
        }
        Optional<String> badParam = ParamCheck.problem(user, selected.values());
        if (badParam.isPresent()) {
            return usage(badParam.get());
        }
        if (!baseline.isBlank() && !Files.isRegularFile(Path.of(baseline))) {
            return usage("no baseline at " + baseline);
        }
        SuiteCalibration chosen;
        try {
            chosen = SuiteCalibration.choose(calibration, baseline);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        System.out.println("cmbench: compute calibration " + chosen.calibration().unitsPerMicro() + " units/µs ("
                + chosen.source() + "), handed to every fork");
        MachineFloor floor = measureFloor();
        Files.createDirectories(out);
        Path calibrationLog = out.resolve("calibration.log").toAbsolutePath();
        Files.deleteIfExists(calibrationLog);
        deleteLatencyLogs(out.resolve("latency"));
        List<SkipPlan.Skipped> skipped = new ArrayList<>();
        List<ChainedOptionsBuilder> runs = plan(user, selected, forkArgs(calibrationLog, chosen), skipped);
        List<RunResult> results = new ArrayList<>();
        try {
            for (ChainedOptionsBuilder run : runs) {
                results.addAll(new Runner(run.build()).run());
            }
        } catch (RunnerException e) {
            System.err.println("cmbench: a benchmark failed, see the JMH output above: " + e.getMessage());
            return 1;
        }
        record(results, skipped, user, calibrationLog, chosen, floor, selected.values());
        return analyze();
    }

    /**
     * The JMH runs for the selected benchmarks: one for all that can run every configuration,
     * and, for each benchmark with a {@link SkipRule}, the runs of its {@link SkipPlan}, whose
     * skipped configurations go into {@code skipped}.
     */
    private List<ChainedOptionsBuilder> plan(CommandLineOptions user, Map<String, BenchmarkListEntry> selected,
            List<String> forkArgs, List<SkipPlan.Skipped> skipped) {
        List<ChainedOptionsBuilder> runs = new ArrayList<>();
        // The plain run holds the average-time benchmarks; single-shot ones (footprint) are planned.
        ChainedOptionsBuilder plain = base(user, forkArgs, "", Mode.AverageTime);
        boolean anyPlain = false;
        for (BenchmarkListEntry entry : selected.values()) {
            Optional<SkipRule> rule = skipRuleOf(entry);
            if (rule.isEmpty()) {
                anyPlain = true;
                continue;
            }
            String name = entry.getUsername();
            plain.exclude("^" + Pattern.quote(name) + "$");
            SkipPlan plan = SkipPlan.of(name, rule.get(), param -> valuesOf(param, entry, user));
            skipped.addAll(plan.skipped());
            for (SkipPlan.Run planned : plan.runs()) {
                ChainedOptionsBuilder run = base(user, forkArgs, name, entry.getMode())
                        .exclude("^(?!" + Pattern.quote(name) + "$)");
                planned.params().forEach((param, values) -> run.param(param, values.toArray(String[]::new)));
                runs.add(run);
            }
        }
        if (anyPlain) {
            settings.applyParams(user, plain);
            runs.add(plain);
        }
        return runs;
    }

    /** Writes jmh.json, skipped.json and env.json, and says what was skipped. */
    private void record(List<RunResult> results, List<SkipPlan.Skipped> skipped, CommandLineOptions user,
            Path calibrationLog, SuiteCalibration calibration, MachineFloor floor,
            Collection<BenchmarkListEntry> selected) throws IOException {
        writeJson(results, out.resolve("jmh.json"));
        OutputFiles.writeAtomically(out.resolve("skipped.json"), JSON.writeValueAsBytes(skipped));
        OutputFiles.writeAtomically(out.resolve("env.json"), EnvironmentRecord.json(calibration,
                EnvironmentRecord.readCalibrations(calibrationLog), floor, MarkedBenchmarks.waking(selected),
                MarkedBenchmarks.headlineMetrics(selected), jvmArgs(user), settings.name().toLowerCase(), jmhArgs));
        Files.deleteIfExists(calibrationLog);
        skipped.forEach(s -> System.out.println("cmbench: skipped by design: " + s.params() + ": " + s.reason()));
        System.out.println("cmbench: " + results.size() + " results, " + skipped.size() + " skipped by design, in " + out);
    }

    /** Logs of an earlier run in the same directory would be read as this run's. */
    private static void deleteLatencyLogs(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var logs = Files.newDirectoryStream(dir, "*.hlog")) {
                for (Path log : logs) {
                    Files.delete(log);
                }
            }
        }
    }

    /** The report always; the gate when a baseline is given. */
    private int analyze() {
        PrintWriter stdout = new PrintWriter(System.out, true);
        PrintWriter stderr = new PrintWriter(System.err, true);
        String results = out.resolve("jmh.json").toString();
        int report = Analyzer.run(stdout, stderr, "report", "--format", "all", "--out", out.toString(), results);
        if (report != 0 || baseline.isBlank()) {
            return report;
        }
        int gate = Analyzer.run(stdout, stderr, "compare", "--out", out.resolve("compare.md").toString(), baseline,
                results);
        if (gate == 1) {
            System.err.println("cmbench: regressions against " + baseline + ", listed above and in "
                    + out.resolve("compare.md"));
        }
        return gate;
    }

    /** What every fork is told: the suite's calibration, where to log its own speed, where latency logs go. */
    private List<String> forkArgs(Path calibrationLog, SuiteCalibration chosen) {
        return List.of("-D" + Calibration.UNITS_PROPERTY + "=" + chosen.calibration().unitsPerMicro(),
                "-D" + Calibration.LOG_PROPERTY + "=" + calibrationLog,
                "-D" + SecondaryMetricsProfiler.LOG_DIR_PROPERTY + "=" + out.resolve("latency").toAbsolutePath());
    }

    /** The user's options, the settings where the user set none, fail-on-error, and the suite's fork arguments. */
    private ChainedOptionsBuilder base(CommandLineOptions user, List<String> forkArgs, String benchmark, Mode mode) {
        ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true);
        settings.apply(user, options, benchmark, mode);
        // Prepend, not append: a command-line jvmArgsAppend would replace the benchmarks' own.
        List<String> prepend = new ArrayList<>(user.getJvmArgsPrepend().orElse(List.of()));
        prepend.addAll(forkArgs);
        return options.jvmArgsPrepend(prepend.toArray(String[]::new)).addProfiler(SecondaryMetricsProfiler.class);
    }

    /** The machine's wake-up floor, measured before the first fork, and said on the console. */
    private static MachineFloor measureFloor() {
        try {
            MachineFloor floor = MachineFloor.measure();
            System.out.printf(Locale.ROOT, "cmbench: machine floor: a cross-core wake-up costs %.1f µs "
                    + "(park/unpark round trip %.1f µs across cores, %.1f µs on one core); Thread.sleep(1 ms) "
                    + "overshoots by %.0f µs%n", floor.wakeUpMicros(), floor.wakeRoundTripCrossCoreMicros(),
                    floor.wakeRoundTripSameCoreMicros(), floor.sleepOvershootMicros());
            return floor;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the machine floor", e);
        }
    }

    /** What the forks run with: this JVM's arguments (which they inherit), then the user's JMH JVM options. */
    private static List<String> jvmArgs(CommandLineOptions user) {
        List<String> args = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        args.addAll(user.getJvmArgsPrepend().orElse(List.of()));
        args.addAll(user.getJvmArgs().orElse(List.of()));
        args.addAll(user.getJvmArgsAppend().orElse(List.of()));
        return args;
    }

    /** The benchmarks these JMH include and exclude patterns select, by name. */
    static Map<String, BenchmarkListEntry> select(List<String> includes, List<String> excludes) {
        var silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        Map<String, BenchmarkListEntry> selected = new TreeMap<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(silent,
                includes.isEmpty() ? List.of(".*") : includes, excludes)) {
            selected.putIfAbsent(entry.getUsername(), entry);
        }
        return selected;
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

    /** A parameter's values: the user's {@code -p}, else the settings', else the benchmark's annotation. */
    private List<String> valuesOf(String param, BenchmarkListEntry entry, CommandLineOptions user) {
        if (user.getParameter(param).hasValue()) {
            return List.copyOf(user.getParameter(param).get());
        }
        List<String> quick = settings.params().get(param);
        if (quick != null) {
            return quick;
        }
        String[] annotated = entry.getParams().hasValue() ? entry.getParams().get().get(param) : null;
        if (annotated == null) {
            throw new IllegalStateException(entry.getUsername() + " has no @Param " + param + " named in its SKIPS grid");
        }
        return List.of(annotated);
    }

    /** JMH's own JSON writer, through a temporary file, so a failed run never leaves half a jmh.json. */
    static void writeJson(Collection<RunResult> results, Path target) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".jmh", ".json.part");
        try {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, partial.toString()).writeOut(results);
            OutputFiles.writeAtomically(target, Files.readAllBytes(partial));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static int usage(String problem) {
        System.err.println("cmbench: " + problem + "; usage: SuiteRunner --out DIR [--settings quick|full] "
                + "[--baseline PATH] [--calibration UNITS|ENV.JSON] [-- JMH options...]");
        return 2;
    }
}
