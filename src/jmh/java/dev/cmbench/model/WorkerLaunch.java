package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How a parent starts a {@link ProcessWorker}: this JVM's own {@code java} binary and class path,
 * no shell, flags chosen per use.
 *
 * <p>A child JVM per task lives for one sleep and one compute, so its flags are for start-up
 * ({@link #ONCE_FLAGS}): C1 only ({@code -XX:TieredStopAtLevel=1}), Serial GC, a small heap and
 * stack, no perf-data file, and, where the class path allows it, a JDK 25 AOT cache (JEP 514:
 * classes pre-loaded and linked) made by one training run when the launch is first used. Pool
 * workers are started once and outlive many tasks, so they keep the full JIT
 * ({@link #SERVE_FLAGS}). Both send the VM's own messages to standard error, so that standard
 * output carries only the protocol.
 */
public final class WorkerLaunch {

    static final List<String> ONCE_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m",
            "-Xmx64m", "-Xss512k", "-XX:-UsePerfData", "-XX:+DisplayVMOutputToStderr", "-Xlog:all=warning:stderr");
    static final List<String> SERVE_FLAGS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-XX:-UsePerfData",
            "-XX:+DisplayVMOutputToStderr", "-Xlog:all=warning:stderr");

    private final String java;
    private final String classPath;
    /** Trained on first need, once per JVM: pool workers never need it. */
    private final Supplier<Optional<Path>> aotCache;

    private WorkerLaunch(String java, String classPath, Supplier<Optional<Path>> aotCache) {
        this.java = java;
        this.classPath = classPath;
        this.aotCache = aotCache;
    }

    /** The launch of this JVM; its AOT cache is trained the first time a command needs it. */
    public static WorkerLaunch current() {
        return Current.INSTANCE;
    }

    /** The same launch without an AOT cache: the plain default CDS of the JDK. */
    public WorkerLaunch withoutAotCache() {
        return new WorkerLaunch(java, classPath, Optional::empty);
    }

    public Optional<Path> aotCache() {
        return aotCache.get();
    }

    /**
     * This launch, with its AOT cache trained now if it is not yet: for set-up code, so that the
     * training (a child JVM's run, seconds) lands there and not in the first timed child start.
     */
    public WorkerLaunch withAotCacheTrained() {
        aotCache();
        return this;
    }

    /** Command for a child JVM that runs {@code task} and exits. */
    public List<String> once(SleepComputeTask task) {
        return command(ONCE_FLAGS, true, "--once", Long.toString(task.sleep().toNanos()),
                Long.toString(task.computeUnits()), Long.toString(task.seed()));
    }

    /**
     * Command for a child JVM with the fast-start flags of {@link #once} that says READY and then
     * waits on its standard input: a live, blocked process, as the footprint benchmark weighs it.
     */
    public List<String> idleChild() {
        return command(ONCE_FLAGS, true, "--serve");
    }

    /** Command for a long-lived pool worker, which runs the tasks it is sent one at a time. */
    List<String> serve() {
        return command(SERVE_FLAGS, false, "--serve");
    }

    /**
     * Command for another long-lived JVM of the suite's own, {@code main} with {@code args}: a part
     * of the load harness or a pre-forked server worker. Full JIT, as pool workers, and native access
     * for the calls some of them make through the FFM API.
     */
    public List<String> serving(Class<?> main, String... args) {
        List<String> flags = new ArrayList<>(SERVE_FLAGS);
        flags.add("--enable-native-access=ALL-UNNAMED");
        return command(flags, false, main, args);
    }

    private List<String> command(List<String> flags, boolean useAotCache, String... workerArgs) {
        return command(flags, useAotCache, ProcessWorker.class, workerArgs);
    }

    private List<String> command(List<String> flags, boolean useAotCache, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        if (useAotCache) {
            aotCache().ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
        }
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static WorkerLaunch detect() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        WorkerLaunch plain = new WorkerLaunch(java, classPath, Optional::empty);
        return new WorkerLaunch(java, classPath, memoized(plain::trainAotCache));
    }

    /** Computes once, on first get, for every thread. */
    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /**
     * Runs one child with {@code -XX:AOTCacheOutput}; the cache is used only if that succeeds.
     * It cannot when the class path holds directories (as under surefire), since CDS and AOT
     * caches accept only jars; then children start with the JDK's default CDS archive.
     */
    private Optional<Path> trainAotCache() {
        boolean jarsOnly = List.of(classPath.split(File.pathSeparator)).stream().allMatch(e -> e.endsWith(".jar"));
        if (!jarsOnly) {
            return Optional.empty();
        }
        try {
            Path dir = Files.createTempDirectory("cmbench-aot");
            Path cache = dir.resolve("worker.aot");
            // deleteOnExit deletes in reverse order of registration: the cache, then its directory.
            dir.toFile().deleteOnExit();
            cache.toFile().deleteOnExit();
            List<String> training = new ArrayList<>(once(new SleepComputeTask(Duration.ZERO, 10_000, 1)));
            training.add(1, "-XX:AOTCacheOutput=" + cache);
            Process process = new ProcessBuilder(training).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            return exited && process.exitValue() == 0 && Files.size(cache) > 0 ? Optional.of(cache) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static final class Current {
        static final WorkerLaunch INSTANCE = detect();
    }
}
