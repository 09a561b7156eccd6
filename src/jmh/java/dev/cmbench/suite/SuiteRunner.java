package dev.cmbench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What {@code mvn verify -Pbench} runs: the JMH suite with the quick or full settings, any JMH
 * option on top, failing on the first benchmark error, and the results in {@code OUT/jmh.json}.
 *
 * <pre>java -cp target/benchmarks.jar dev.cmbench.suite.SuiteRunner --out DIR [--full] [-- JMH options...]</pre>
 *
 * Exit codes: 0 done; 1 a benchmark failed; 2 bad arguments.
 */
public final class SuiteRunner {

    private SuiteRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path out = null;
        SuiteSettings settings = SuiteSettings.QUICK;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--out" -> {
                    if (++i == args.length) {
                        return usage("--out needs a directory");
                    }
                    out = Path.of(args[i]);
                }
                case "--full" -> settings = SuiteSettings.FULL;
                default -> {
                    return usage("unknown option " + args[i]);
                }
            }
        }
        if (out == null) {
            return usage("--out DIR is required");
        }
        String[] jmhArgs = i < args.length ? Arrays.copyOfRange(args, i + 1, args.length) : new String[0];
        CommandLineOptions user;
        try {
            user = new CommandLineOptions(jmhArgs);
        } catch (CommandLineOptionException e) {
            return usage("bad JMH option: " + e.getMessage());
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true);
        settings.apply(user, options);
        try {
            Files.createDirectories(out);
            Collection<RunResult> results = new Runner(options.build()).run();
            writeJson(results, out.resolve("jmh.json"));
            System.out.println("cmbench: " + results.size() + " results in " + out.resolve("jmh.json"));
            return 0;
        } catch (RunnerException e) {
            System.err.println("cmbench: a benchmark failed, see the JMH output above: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("cmbench: cannot write results to " + out + ": " + e);
            return 1;
        }
    }

    /** Writes to a temporary file first, so a failed run never leaves half a jmh.json. */
    static void writeJson(Collection<RunResult> results, Path target) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), "jmh", ".json.part");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, partial.toString()).writeOut(results);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int usage(String problem) {
        System.err.println("cmbench: " + problem
                + "; usage: SuiteRunner --out DIR [--full] [-- JMH options...]");
        return 2;
    }
}
