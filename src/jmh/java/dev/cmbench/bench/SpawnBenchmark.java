package dev.cmbench.bench;

import dev.cmbench.model.LeakCheck;
import dev.cmbench.model.WorkerLaunch;
import dev.cmbench.workload.SleepComputeTask;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start → exit of one child process, so the report can split what a {@code process} batch pays
 * per task into process creation and JVM start-up.
 *
 * <ul>
 *   <li>{@code true}: {@code /bin/true}, the cost of creating and reaping any OS process from
 *       the JVM ({@code posix_spawn} through {@code jspawnhelper}, pipes, the reaper thread).</li>
 *   <li>{@code jvm}: a child JVM running one empty task of {@code ProcessWorker}, with the
 *       fast-start flags of the {@code process} model and the JDK's default CDS archive.</li>
 *   <li>{@code jvm-aot}: the same with the JDK 25 AOT cache the {@code process} model uses
 *       (falls back to {@code jvm} where the class path cannot have one; set-up says so).</li>
 * </ul>
 *
 * <p>Pitfalls avoided: the child's exit status and output are checked, so a child that fails to
 * start is an error, not a fast result; the AOT cache is trained in set-up, not measured.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar SpawnBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 6, time = 1)
public class SpawnBenchmark {

    private static final SleepComputeTask EMPTY = new SleepComputeTask(Duration.ZERO, 0, 1);

    @Param({"true", "jvm", "jvm-aot"})
    public String kind;

    private ProcessBuilder child;
    private String expectedOutput;

    @Setup(Level.Trial)
    public void setUp() {
        WorkerLaunch launch = WorkerLaunch.current();
        switch (kind) {
            case "true" -> {
                child = new ProcessBuilder("/bin/true");
                expectedOutput = "";
            }
            case "jvm", "jvm-aot" -> {
                if (kind.equals("jvm-aot") && launch.aotCache().isEmpty()) {
                    throw new IllegalStateException("no AOT cache on this class path (it must hold only jars)");
                }
                child = new ProcessBuilder(kind.equals("jvm") ? launch.withoutAotCache().once(EMPTY) : launch.once(EMPTY));
                expectedOutput = "DONE 0 " + EMPTY.compute() + "\n";
            }
            default -> throw new IllegalArgumentException("unknown kind '" + kind + "'; known: true, jvm, jvm-aot");
        }
        child.redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    @Benchmark
    public int startToExit() throws IOException, InterruptedException {
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        int status = process.waitFor();
        if (status != 0 || !output.equals(expectedOutput)) {
            throw new IllegalStateException(kind + " child exited with " + status + " and printed '" + output + "'");
        }
        return status;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    /** For tests: the command this benchmark starts. */
    List<String> command() {
        return child.command();
    }
}
