package dev.cmbench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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

/**
 * What {@code mvn verify -Pbench} runs: the JMH suite with the quick or full settings, any JMH
 * option on top, failing on the first benchmark error. Writes into OUT:
 * <ul>
 *   <li>{@code jmh.json}: JMH's own JSON of every result of the run;</li>
 *   <li>{@code skipped.json}: the configurations left out by design, each with its reason.</li>
 * </ul>
 *
 * <pre>java -cp target/benchmarks.jar dev.cmbench.suite.SuiteRunner --out DIR [--full] [-- JMH options...]</pre>
 *
 * Exit codes: 0 done; 1 a benchmark failed; 2 bad arguments.
 */
public final class SuiteRunner {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        SuiteSettings mode = settings;
        Set<String> selected = select(user.getIncludes(), user.getExcludes());
        if (selected.isEmpty()) {
            return usage("no benchmark matches " + user.getIncludes() + " (excluding " + user.getExcludes() + ")");
        }
        List<ChainedOptionsBuilder> runs = new ArrayList<>();
        List<BatchPlan.Skipped> skipped = List.of();
        if (selected.contains(BatchPlan.BENCHMARK)) {
            BatchPlan plan = BatchPlan.of(name -> valuesOf(name, user, mode));
            skipped = plan.skipped();
            for (BatchPlan.Run batchRun : plan.runs()) {
                ChainedOptionsBuilder run = base(user, settings).exclude("^(?!" + Pattern.quote(BatchPlan.BENCHMARK) + "$)");
                batchRun.params().forEach((name, values) -> run.param(name, values.toArray(String[]::new)));
                runs.add(run);
            }
        }
        if (selected.stream().anyMatch(name -> !name.equals(BatchPlan.BENCHMARK))) {
            runs.add(base(user, settings).exclude(Pattern.quote(BatchPlan.BENCHMARK)));
        }
        skipped.forEach(s -> System.out.println("cmbench: skipped by design: " + s.params() + ": " + s.reason()));
        try {
            Files.createDirectories(out);
            List<RunResult> results = new ArrayList<>();
            for (ChainedOptionsBuilder run : runs) {
                results.addAll(new Runner(run.build()).run());
            }
            writeJson(results, out.resolve("jmh.json"));
            writeAtomically(out.resolve("skipped.json"), JSON.writeValueAsBytes(skipped));
            System.out.println("cmbench: " + results.size() + " results in " + out.resolve("jmh.json")
                    + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped by design in skipped.json"));
            return 0;
        } catch (RunnerException e) {
            System.err.println("cmbench: a benchmark failed, see the JMH output above: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("cmbench: cannot write results to " + out + ": " + e);
            return 1;
        }
    }

    /** The user's options, the mode's settings where the user set none, and fail-on-error. */
    private static ChainedOptionsBuilder base(CommandLineOptions user, SuiteSettings settings) {
        ChainedOptionsBuilder options = new OptionsBuilder().parent(user).shouldFailOnError(true);
        settings.apply(user, options);
        return options;
    }

    /** The names of the benchmarks these JMH include and exclude patterns select. */
    static Set<String> select(List<String> includes, List<String> excludes) {
        var silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        Set<String> names = new TreeSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(silent,
                includes.isEmpty() ? List.of(".*") : includes, excludes)) {
            names.add(entry.getUsername());
        }
        return names;
    }

    /** A parameter's values: the user's {@code -p}, else the mode's, else the annotation's. */
    private static List<String> valuesOf(String param, CommandLineOptions user, SuiteSettings settings) {
        if (user.getParameter(param).hasValue()) {
            return List.copyOf(user.getParameter(param).get());
        }
        return settings.params().getOrDefault(param, annotatedValues(param));
    }

    private static List<String> annotatedValues(String param) {
        try {
            var field = dev.cmbench.bench.BatchBenchmark.class.getField(param);
            return List.of(field.getAnnotation(org.openjdk.jmh.annotations.Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("BatchBenchmark has no @Param " + param, e);
        }
    }

    /** Writes to a temporary file first, so a failed run never leaves half a jmh.json. */
    static void writeJson(Collection<RunResult> results, Path target) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), "jmh", ".json.part");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, partial.toString()).writeOut(results);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".part");
        Files.write(partial, content);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int usage(String problem) {
        System.err.println("cmbench: " + problem
                + "; usage: SuiteRunner --out DIR [--full] [-- JMH options...]");
        return 2;
    }
}
