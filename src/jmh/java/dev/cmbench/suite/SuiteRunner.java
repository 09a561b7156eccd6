package dev.cmbench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cmbench.analysis.cli.Analyzer;
import dev.cmbench.analysis.cli.OutputFiles;
import dev.cmbench.workload.Calibration;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
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
 * on; {@code --resume} runs what a partial or interrupted run still lacks. An A/B run
 * ({@code --against}, {@code --against-jvm}, {@code --against-jvm-args}) has a second side, whose
 * fork of each configuration runs beside this tree's in every round, and is gated with the paired
 * test. Writes into OUT:
 * <ul>
 *   <li>{@code jmh.json}: JMH's own JSON, every configuration's forks in one result, rewritten after every fork;</li>
 *   <li>{@code run.json}: where the run stands (running, interrupted, partial, complete), the forks saved and failed;</li>
 *   <li>{@code env.json}: machine, JDK, JVM arguments, the run's compute calibration and each fork's
 *       own speed, the machine's wake-up floor as each fork read it, commit, the run's state;</li>
 *   <li>{@code skipped.json}: configurations left out by design, each with its reason;</li>
 *   <li>{@code latency/*.hlog}: HdrHistogram logs of per-task latency, per configuration and fork;</li>
 *   <li>{@code forks/}: each fork's JMH result, for a resume;</li>
 *   <li>{@code report.md}, {@code report.html}, {@code report.csv}: the analyzer's report;</li>
 *   <li>{@code compare.md}: the gate's verdict, when a baseline or an A/B side is given;</li>
 *   <li>{@code against/}: in an A/B run, the other side's jmh.json, env.json, logs and jar.</li>
 * </ul>
 * A new run first removes every file an earlier run left in OUT. One run at a time holds OUT
 * ({@link RunLock}); another is refused at once, naming it.
 *
 * <pre>java -cp target/benchmarks.jar dev.cmbench.suite.SuiteRunner --out DIR [--settings quick|full|paired]
 *     [--baseline PATH] [--against REF] [--against-jvm JAVA] [--against-jvm-args OPTIONS] [--pairs N]
 *     [--fail-on-unknown] [--calibration UNITS|ENV.JSON] [--resume] [--failure-file FILE] [-- JMH options...]</pre>
 *
 * Exit codes: 0 done; 1 a fork failed or the gate found a regression (or could not decide, with
 * {@code --fail-on-unknown}); 2 bad arguments or input.
 * With {@code --failure-file FILE}, a run that does not end with 0 also writes there the one line
 * that says why, which {@code mvn verify -Pbench} fails the build with: Maven's exec plugin, given
 * a non-zero exit, would print its own stack trace under the suite's lines.
 */
@Command(name = "SuiteRunner", mixinStandardHelpOptions = true,
        description = "Runs the cmbench suite through JMH, then reports, then gates against a baseline if given.")
public final class SuiteRunner implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where results and reports go")
    Path out;

    @Option(names = "--settings", defaultValue = "quick", paramLabel = "quick|full|paired",
            description = "quick (default), full (the benchmarks' own annotations), or paired (the quick grid in "
                    + "shorter forks, what an A/B run under quick settings uses)")
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

    @Option(names = "--against", defaultValue = "", paramLabel = "REF",
            description = "A/B: measure this tree against that commit, built in a temporary worktree, forks interleaved")
    String against;

    @Option(names = "--against-jvm", defaultValue = "", paramLabel = "JAVA",
            description = "A/B: measure this tree's forks against the same forks on that java executable")
    String againstJvm;

    @Option(names = "--against-jvm-args", defaultValue = "", paramLabel = "OPTIONS",
            description = "A/B: measure this tree's forks against the same forks with these JVM options added")
    String againstJvmArgs;

    @Option(names = "--pairs", defaultValue = "0", paramLabel = "N",
            description = "A/B: forks per side and configuration (0: JMH's -f if given, else " + AbRun.DEFAULT_PAIRS + ")")
    int pairs;

    @Option(names = "--fail-on-unknown", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            paramLabel = "true|false", description = "the gate's verdict UNKNOWN (a change past the threshold that"
                    + " could not be decided) fails the run, as a regression does")
    boolean failOnUnknown;

    @Option(names = "--budget", defaultValue = "", paramLabel = "DURATION",
            description = "the forks in two stages within this time (45m, 1h30m). An A/B run: every configuration's"
                    + " first pairs, then more for the ones still undecided, cheapest first, tested so that the look"
                    + " between the stages costs no false alarms. A run without another side: 2 forks of every"
                    + " configuration (or -f), then more where the intervals are widest")
    String budget;

    @Option(names = "--prior", defaultValue = "", paramLabel = "DIR",
            description = "an earlier A/B run of this machine (its directory: jmh.json and against/jmh.json): under a"
                    + " budget, the look plans each result's pairs from its first-stage spread shrunk towards its"
                    + " spread there")
    String prior;

    @Option(names = "--failure-file", defaultValue = "", paramLabel = "FILE",
            description = "where a run that fails writes the one line that says why (blank: nowhere)")
    String failureFile;

    @Parameters(paramLabel = "JMH-OPTION", description = "after --: any JMH option or benchmark regex")
    List<String> jmhArgs = new ArrayList<>();

    /** Why the run ends with a non-zero code, in one line; null while it has not failed. */
    private String failure;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        SuiteRunner runner = new SuiteRunner();
        // Read before the arguments are parsed, so that a usage error fails the build in one line too.
        Optional<Path> failureFile = FailureFile.named(args);
        failureFile.ifPresent(FailureFile::clear);
        int exit = new CommandLine(runner).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, a) -> runner.usage(e.getMessage()))
                .setExecutionExceptionHandler((e, commandLine, parsed) -> runner.failedOn(e))
                .execute(args);
        if (exit != 0) {
            failureFile.ifPresent(file -> FailureFile.write(file, runner.failure != null ? runner.failure
                    : "cmbench: the run ended with exit code " + exit));
        }
        return exit;
    }

    @Override
    public Integer call() throws IOException {
        CommandLineOptions user;
        try {
            user = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            return refuse("bad JMH option: " + e.getMessage());
        }
        if (user.getForkCount().hasValue() && user.getForkCount().get() == 0) {
            return refuse("-f 0 runs the benchmarks inside the runner's own JVM, where no fork repeats them and the"
                    + " suite's figures are fork means; give -f 1 or more");
        }
        Map<String, BenchmarkListEntry> selected = select(user.getIncludes(), user.getExcludes());
        if (selected.isEmpty()) {
            return refuse("no benchmark matches " + user.getIncludes() + " (excluding " + user.getExcludes() + ")");
        }
        long budgetSeconds;
        try {
            budgetSeconds = TimeBudget.seconds(budget);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        AbRun ab = new AbRun(against, againstJvm, againstJvmArgs, pairs, budgetSeconds, prior);
        Optional<String> badInput = ParamCheck.problem(user, selected.values())
                .or(() -> baseline.isBlank() ? Optional.empty() : baselineProblem(Path.of(baseline)))
                .or(() -> ab.problem(baseline, user, out));
        if (badInput.isPresent()) {
            return refuse(badInput.get());
        }
        SuiteSettings effective = settings.forPairs(ab.active());
        ConfigurationGrid asked = ConfigurationGrid.of(selected.values(), user, effective, ab.pairs(user));
        SuiteCalibration chosen;
        try {
            chosen = resume ? null : SuiteCalibration.choose(calibration, baseline);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        // Checked input touches nothing in OUT; from here on the run does, so it holds OUT first.
        RunLock.Held held = RunLock.take(out);
        if (held.lock().isEmpty()) {
            return refuse(held.refusal());
        }
        try {
            return measure(user, selected, ab, effective, asked, chosen);
        } finally {
            held.lock().get().release();
        }
    }

    /** The run, its input checked and OUT held: the forks, then the report and the gate. */
    private int measure(CommandLineOptions user, Map<String, BenchmarkListEntry> selected, AbRun ab,
            SuiteSettings effective, ConfigurationGrid asked, SuiteCalibration chosen) throws IOException {
        RunBeginning.Planned planned;
        try {
            planned = resume ? RunBeginning.resumed(out, asked, selected, arguments())
                    : RunBeginning.started(out, asked, selected, ab, chosen, arguments(), prior);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refuse(e.getMessage());
        }
        ForkArchive archive = planned.archive();
        ConfigurationGrid grid = planned.grid();
        RunState state = archive.state();
        SuiteCalibration calibration = new SuiteCalibration(new Calibration(state.unitsPerMicro()), state.calibrationSource());
        List<ForkOptions> sides = new ArrayList<>();
        for (int i = 0; i < state.sides().size(); i++) {
            sides.add(new ForkOptions(user, effective, selected, calibration.calibration(), state.sides().get(i),
                    archive.sideDirectory(i)));
        }
        OutputFiles.writeAtomically(out.resolve("skipped.json"), JSON.writeValueAsBytes(grid.skipped()));
        writeEnvironments(archive, calibration, user, selected.values(), effective);
        Thread onSignal = new Thread(() -> endInterrupted(archive));
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            ForkLoop.runInStages(archive, out, grid.configurations(), sides, System.out, System.err);
            archive.end(false);
        } finally {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        }
        writeEnvironments(archive, calibration, user, selected.values(), effective);
        boolean complete = ForkProgress.sayHowTheRunEnded(archive.state(), grid.skipped().size(), out);
        AnalyzerHandover handover = new AnalyzerHandover(out, baseline, archive.state().sides(), failOnUnknown,
                archive.state().stages());
        int analysis = handover.analyze(complete, grid.skipped());
        if (!complete) {
            RunState ended = archive.state();
            failure = "cmbench: " + ended.state() + " run: " + ended.forksLine() + " saved in " + out + ", "
                    + ended.failed().size() + " failed; -Dbench.resume runs the rest";
            return 1;
        }
        failure = handover.failure();
        return analysis;
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

    /** Each side's env.json, in its directory. */
    private void writeEnvironments(ForkArchive archive, SuiteCalibration calibration, CommandLineOptions user,
            Collection<BenchmarkListEntry> selected, SuiteSettings effective) throws IOException {
        RunState state = archive.state();
        for (int i = 0; i < state.sides().size(); i++) {
            Path dir = archive.sideDirectory(i);
            Side side = state.sides().get(i);
            List<String> forkJvmArgs = new ArrayList<>(jvmArgs(user));
            forkJvmArgs.addAll(side.jvmArgs());
            OutputFiles.writeAtomically(dir.resolve("env.json"), EnvironmentRecord.json(calibration,
                    EnvironmentRecord.readCalibrations(dir.resolve(ForkOptions.CALIBRATION_LOG)),
                    FloorReadings.read(dir.resolve(ForkOptions.FLOOR_LOG)), state, side,
                    MarkedBenchmarks.waking(selected), MarkedBenchmarks.headlineMetrics(selected),
                    MarkedBenchmarks.controls(selected), forkJvmArgs,
                    effective.name().toLowerCase(Locale.ROOT), jmhArgs));
        }
    }

    /** The arguments that decide what a run measures; a resume must be given the same. */
    private List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("--settings", settings.name().toLowerCase(Locale.ROOT),
                "--baseline=" + baseline, "--calibration=" + calibration, "--against=" + against,
                "--against-jvm=" + againstJvm, "--against-jvm-args=" + againstJvmArgs, "--pairs=" + pairs, "--budget=" + budget,
                "--prior=" + prior, "--"));
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

    /** A bad argument to the runner itself: the problem, then how the runner is called. */
    private int usage(String problem) {
        return refuse(problem + "; usage: SuiteRunner --out DIR [--settings quick|full|paired] "
                + "[--baseline PATH] [--against REF] [--against-jvm JAVA] [--against-jvm-args OPTIONS] [--pairs N] "
                + "[--budget DURATION] [--prior DIR] [--fail-on-unknown] "
                + "[--calibration UNITS|ENV.JSON] [--resume] [--failure-file FILE] [-- JMH options...]");
    }

    /** Input the run cannot start with, in one line. */
    private int refuse(String problem) {
        failure = "cmbench: " + problem;
        System.err.println(failure);
        return 2;
    }

    /**
     * What the run could not get past: a file it cannot read or write is one line; anything else
     * is a bug in the runner, whose stack trace is for whoever fixes it.
     */
    private int failedOn(Exception e) {
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            failure = "cmbench: cannot go on: " + e;
            System.err.println(failure);
            return 1;
        }
        failure = "cmbench: internal error, please report it: " + e;
        e.printStackTrace();
        return 3;
    }
}
