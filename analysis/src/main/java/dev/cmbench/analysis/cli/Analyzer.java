package dev.cmbench.analysis.cli;

import dev.cmbench.analysis.read.InputException;
import dev.cmbench.analysis.read.ResultReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The analyzer's command line: JMH JSON in; reports out, or a gate verdict.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.cmbench.analysis.cli.Analyzer report  [options] RESULT.json...
 * java -cp target/benchmarks.jar dev.cmbench.analysis.cli.Analyzer compare [options] BASELINE.json CURRENT.json
 * </pre>
 *
 * Exit codes: 0 fine; 1 compare found a regression; 2 bad input or usage (one line on standard
 * error, no stack trace); 3 a bug in the analyzer itself.
 */
@Command(name = "analyzer", mixinStandardHelpOptions = true, version = "cmbench analyzer 0.1",
        description = "Turns JMH JSON results into comparison reports and gates regressions.",
        subcommands = {ReportCommand.class, CompareCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:fine", "1:compare found a regression", "2:bad input or usage",
                "3:a bug in the analyzer"})
public final class Analyzer implements Callable<Integer> {

    public static final int OK = 0;
    public static final int REGRESSION = 1;
    public static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 3;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the analyzer with the given output streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Analyzer())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    e.getCommandLine().getErr().println("cmbench analyzer: " + e.getMessage() + " (see "
                            + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
                    return BAD_INPUT;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof InputException) {
                        commandLine.getErr().println("cmbench analyzer: " + e.getMessage());
                        return BAD_INPUT;
                    }
                    commandLine.getErr().println("cmbench analyzer: internal error, please report it: " + e);
                    return INTERNAL_ERROR;
                });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Why {@code file} is not a JMH result file the analyzer can read (one line, naming the
     * file), or empty if it is: for a runner to refuse a bad baseline before it measures.
     */
    public static Optional<String> unreadableResults(Path file) {
        try {
            ResultReader.read(file);
            return Optional.empty();
        } catch (InputException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("cmbench analyzer: say report or compare (see analyzer --help)");
        return BAD_INPUT;
    }
}
