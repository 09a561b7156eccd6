package dev.cmbench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cmbench.analysis.Analyzer;
import dev.cmbench.analysis.OutputFiles;
import dev.cmbench.workload.Calibration;
import java.io.IOException;
import java.time.Instant;
import java.security.SecureRandom;
import java.io.PrintWriter;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code mvn verify -Pbench} runs: the JMH suite with the quick or full settings and any JMH
 * option on top. Every configuration's forks run in rounds, each round one fork of every
 * configuration in a random order ({@link RoundSchedule}); each fork is a JMH run of its own,
 * saved as soon as it ends ({@link ForkArchive}). A fork that fails is recorded and the run goes
 * on; {@code --resume} runs what a partial or interrupted run still lacks. Writes into OUT:
 * <ul>
 *   <li>{@code jmh.json}: JMH's own JSON, every configuration's forks in one result, rewritten after every fork;</li>
 *   <li>{@code run.json}: where the run stands (running, interrupted, partial, complete), the forks saved and failed;</li>
 *   <li>{@code env.json}: machine, JDK, JVM arguments, the run's compute calibration and each fork's
 *       own speed, the machine's wake-up floor, commit, the run's state;</li>
 *   <li>{@code skipped.json}: configurations left out by design, each with its reason;</li>
 *   <li>{@code latency/*.hlog}: HdrHistogram logs of per-task latency, per configuration and fork;</li>
 *   <li>{@code forks/}: each fork's JMH result, for a resume;</li>
 *   <li>{@code report.md}, {@code report.html}, {@code report.csv}: the analyzer's report;</li>
 *   <li>{@code compare.md}: the gate's verdict, when a baseline is given.</li>
 * </ul>
 * A new run first removes every file an earlier run left in OUT.
 *
 * <pre>java -cp target/benchmarks.jar dev.cmbench.suite.SuiteRunner --out DIR [--settings quick|full]
 *     [--baseline PATH] [--calibration UNITS|ENV.JSON] [--resume] [-- JMH options...]</pre>
 *
 * Exit codes: 0 done; 1 a fork failed or the gate found a regression; 2 bad arguments or input.
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

    @Option(names = "--resume", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            paramLabel = "true|false", description = "continue the partial or interrupted run in DIR (same arguments)")
    boolean resume;

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
        Optional<String> badInput = ParamCheck.problem(user, selected.values())
                .or(() -> baseline.isBlank() ? Optional.empty() : baselineProblem(Path.of(baseline)));
        if (badInput.isPresent()) {
            return usage(badInput.get());
        }
        ConfigurationGrid grid = ConfigurationGrid.of(selected.values(), user, settings);
        if (grid.configurations().isEmpty()) {
            return usage("every selected configuration is skipped by design: " + grid.skipped());
        }
        ForkArchive archive;
        try {
            archive = resume ? resumed(grid) : started(grid);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        RunState state = archive.state();
        SuiteCalibration calibration = new SuiteCalibration(new Calibration(state.unitsPerMicro()), state.calibrationSource());
        Path calibrationLog = out.resolve("calibration.log");
        OutputFiles.writeAtomically(out.resolve("skipped.json"), JSON.writeValueAsBytes(grid.skipped()));
        writeEnvironment(archive, calibration, calibrationLog, user, selected.values());
        Thread onSignal = new Thread(() -> endInterrupted(archive));
        Runtime.getRuntime().addShutdownHook(onSignal);
        runForks(archive, grid.configurations(), new ForkOptions(user, settings, calibration.calibration(),
                calibrationLog, out.resolve("latency")));
        archive.end(false);
        Runtime.getRuntime().removeShutdownHook(onSignal);
        writeEnvironment(archive, calibration, calibrationLog, user, selected.values());
        grid.skipped().forEach(s -> System.out.println("cmbench: skipped by design: " + s.params() + ": " + s.reason()));
        int analysis = analyze();
        return sayHowItEnded(archive.state(), grid.skipped().size()) ? analysis : 1;
    }

    /** A new run: the calibration chosen and the floor measured now, the fork order drawn, older files gone. */
    private ForkArchive started(ConfigurationGrid grid) throws IOException {
        SuiteCalibration chosen = SuiteCalibration.choose(calibration, baseline);
        System.out.println("cmbench: compute calibration " + chosen.calibration().unitsPerMicro() + " units/µs ("
                + chosen.source() + "), handed to every fork");
        MachineFloor floor = measureFloor();
        List<Configuration> configurations = grid.configurations();
        int forks = configurations.stream().mapToInt(Configuration::forks).sum();
        System.out.println("cmbench: " + configurations.size() + " configurations, " + forks + " forks in "
                + RoundSchedule.rounds(configurations) + " rounds, each round in a random order");
        return ForkArchive.start(out, new RunState(RunState.RUNNING, ProcessHandle.current().pid(),
                Instant.now().toString(), arguments(), new SecureRandom().nextLong(),
                chosen.calibration().unitsPerMicro(), chosen.source(), floor,
                configurations.stream().map(Configuration::label).toList(), forks, List.of(), List.of()));
    }

    /** The run recorded in OUT, if it was started with these arguments and has the same configurations. */
    private ForkArchive resumed(ConfigurationGrid grid) throws IOException {
        ForkArchive archive = ForkArchive.resume(out);
        RunState state = archive.state();
        if (!state.arguments().equals(arguments())) {
            throw new IllegalArgumentException("cannot resume: the run in " + out + " was started with "
                    + String.join(" ", state.arguments()) + ", not " + String.join(" ", arguments()));
        }
        if (!state.configurations().equals(grid.configurations().stream().map(Configuration::label).toList())) {
            throw new IllegalArgumentException("cannot resume: the benchmarks now have other configurations than "
                    + "when the run in " + out + " started (a rebuilt jar?)");
        }
        System.out.println("cmbench: resuming the run started " + state.startedAt() + ": " + state.forksLine()
                + " done; calibration " + state.unitsPerMicro() + " units/µs (" + state.calibrationSource() + ")");
        return archive;
    }

    /** Runs every fork still to run, saving each as it ends; a failed fork is recorded and the run goes on. */
    private static void runForks(ForkArchive archive, List<Configuration> configurations, ForkOptions options)
            throws IOException {
        RunState state = archive.state();
        List<RoundSchedule.Slot> remaining = RoundSchedule.remaining(configurations, state.seed(), archive.doneSlots());
        ForkProgress progress = new ForkProgress(System.out, configurations, state);
        for (int i = 0; i < remaining.size(); i++) {
            RoundSchedule.Slot slot = remaining.get(i);
            Configuration configuration = configurations.get(slot.configuration());
            progress.starting(slot, state.done().size() + state.failed().size(), remaining.subList(i, remaining.size()));
            long start = System.nanoTime();
            try {
                Collection<RunResult> results = new Runner(options.forkOf(configuration)).run();
                if (results.size() != 1) {
                    throw new RunnerException("expected one result, JMH returned " + results.size());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                archive.saved(slot, results.iterator().next(), seconds);
                progress.timed(slot.configuration(), seconds);
            } catch (RunnerException e) {
                String why = reasonOf(e);
                System.err.println("cmbench: fork " + (slot.round() + 1) + " of " + configuration.label()
                        + " failed, the run goes on: " + why);
                archive.failed(slot, configuration.label(), why);
            }
        }
    }

    /** JMH's reason for a failed fork: the errors its exception carries (as suppressed), first lines only. */
    static String reasonOf(RunnerException e) {
        List<String> reasons = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Throwable error : t.getSuppressed()) {
                reasons.add(firstLine(error));
            }
        }
        return reasons.isEmpty() ? firstLine(e.getCause() != null ? e.getCause() : e) : String.join("; ", reasons);
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** The console's last word on the run; true if it is complete. */
    private boolean sayHowItEnded(RunState state, int skipped) {
        if (state.state().equals(RunState.COMPLETE)) {
            System.out.println("cmbench: complete: " + state.forksLine() + ", " + skipped + " configurations skipped "
                    + "by design, in " + out);
            return true;
        }
        System.err.println("cmbench: partial: " + state.forksLine() + " saved in " + out.resolve("jmh.json") + "; failed:");
        state.failed().forEach(f -> System.err.println("cmbench:   fork " + (f.round() + 1) + " of " + f.configuration()
                + ": " + f.why()));
        System.err.println("cmbench: run the failed forks with -Dbench.resume (the same other options)");
        return false;
    }

    /** A signal (Ctrl-C) ends the run: say so in run.json, which still lists every fork saved. */
    private static void endInterrupted(ForkArchive archive) {
        try {
            if (archive.state().state().equals(RunState.RUNNING)) {
                archive.end(true);
            }
        } catch (IOException e) {
            // the JVM is going down: run.json keeps "running", which a resume reads the same way
        }
    }

    private void writeEnvironment(ForkArchive archive, SuiteCalibration calibration, Path calibrationLog,
            CommandLineOptions user, Collection<BenchmarkListEntry> selected) throws IOException {
        OutputFiles.writeAtomically(out.resolve("env.json"), EnvironmentRecord.json(calibration,
                EnvironmentRecord.readCalibrations(calibrationLog), archive.state(), MarkedBenchmarks.waking(selected),
                MarkedBenchmarks.headlineMetrics(selected), jvmArgs(user), settings.name().toLowerCase(), jmhArgs));
    }

    /** The arguments that decide what a run measures; a resume must be given the same. */
    private List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("--settings", settings.name().toLowerCase(Locale.ROOT),
                "--baseline=" + baseline, "--calibration=" + calibration, "--"));
        arguments.addAll(jmhArgs);
        return arguments;
    }

    /** Why the baseline cannot be gated against, found before the first fork. */
    private static Optional<String> baselineProblem(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.of("no baseline at " + file);
        }
        return Analyzer.unreadableResults(file).map(problem -> "the baseline is not a JMH result: " + problem);
    }

    /** The report always; the gate when a baseline is given. */
    private int analyze() {
        PrintWriter stdout = new PrintWriter(System.out, true);
        PrintWriter stderr = new PrintWriter(System.err, true);
        String results = out.resolve("jmh.json").toString();
        if (!Files.exists(Path.of(results))) {
            System.err.println("cmbench: no fork finished, so there is nothing to report");
            return 1;
        }
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

    private static int usage(String problem) {
        System.err.println("cmbench: " + problem + "; usage: SuiteRunner --out DIR [--settings quick|full] "
                + "[--baseline PATH] [--calibration UNITS|ENV.JSON] [--resume] [-- JMH options...]");
        return 2;
    }
}
