package dev.cmbench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * The side an A/B run measures this tree against, made ready before the first fork: another
 * commit's benchmarks jar (built in a temporary git worktree under {@code target/}, which is
 * removed after the build), another JVM, other JVM options, or several of these. What cannot be
 * made ready (a ref that names no commit, a commit that does not build, a jar of another JMH
 * version, a JVM that does not start with those options or is older than 25) is an
 * {@link IllegalStateException} with a one-line reason. The runner runs from the repository's
 * root, as {@code mvn verify -Pbench} does.
 */
final class AgainstSide {

    private static final long BUILD_MINUTES = 20;
    private static final String JMH_VERSION = "META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties";
    private static final int LEAST_JAVA = 25;

    private AgainstSide() {
    }

    /**
     * The side of {@code ref} (blank: this tree's code), {@code jvm} (blank: this tree's) and
     * {@code jvmArgs} (blank: none); another commit's jar is built and copied to {@code staging}.
     */
    static Side prepare(String ref, String jvm, String jvmArgs, Path staging) throws IOException {
        List<String> describe = new ArrayList<>();
        String classPath = null;
        String commit = null;
        if (!ref.isBlank()) {
            commit = resolve(ref);
            build(commit, staging);
            sameJmh(staging);
            classPath = staging.toAbsolutePath().toString();
            describe.add("commit " + commit.substring(0, 10) + (ref.equals(commit) ? "" : " (" + ref + ")"));
        }
        if (!jvm.isBlank()) {
            describe.add("JVM " + jvm);
        }
        List<String> args = arguments(jvmArgs);
        if (!args.isEmpty()) {
            describe.add("JVM options " + String.join(" ", args));
        }
        return new Side(Side.AGAINST, String.join(", ", describe), commit, classPath, jvm.isBlank() ? null : jvm, args);
    }

    static List<String> arguments(String jvmArgs) {
        return jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.strip().split("\\s+"));
    }

    /** The commit {@code ref} names in this repository; throws if none. */
    static String resolve(String ref) {
        ChildProcess parsed = ChildProcess.run(Path.of("."), 1, "git", "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (!parsed.succeeded() || parsed.output().isBlank()) {
            throw new IllegalStateException("cannot A/B against " + ref + ": it names no commit in this repository");
        }
        return parsed.output().strip();
    }

    /**
     * Why the other side's JVM ({@code jvm}, blank for this runner's) with {@code jvmArgs} cannot
     * run the benchmarks: it does not start with them, or it is older than Java 25. Empty if it can.
     */
    static Optional<String> jvmProblem(String jvm, String jvmArgs) {
        String java = jvm.isBlank() ? ProcessHandle.current().info().command().orElse("java") : jvm;
        if (!Files.isExecutable(Path.of(java))) {
            return Optional.of("cannot A/B against the JVM " + java + ": not an executable file");
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(arguments(jvmArgs));
        command.addAll(List.of("-XshowSettings:properties", "-version"));
        ChildProcess probe = ChildProcess.run(Path.of("."), 1, command.toArray(String[]::new));
        if (!probe.succeeded()) {
            return Optional.of("the other side's JVM does not start: " + String.join(" ", command.subList(0, command.size() - 2))
                    + ": " + probe.firstLine());
        }
        Optional<String> version = probe.output().lines().map(String::strip)
                .filter(line -> line.startsWith("java.specification.version = ")).findFirst()
                .map(line -> line.substring(line.indexOf('=') + 1).strip());
        if (version.isPresent() && Integer.parseInt(version.get().split("\\.")[0]) < LEAST_JAVA) {
            return Optional.of("the other side's JVM is Java " + version.get() + "; the benchmarks need " + LEAST_JAVA);
        }
        return Optional.empty();
    }

    /** Builds {@code commit}'s benchmarks jar in a temporary worktree under target/, and copies it to {@code staging}. */
    private static void build(String commit, Path staging) throws IOException {
        String name = "against-" + commit.substring(0, 10);
        Path worktree = Path.of("target", name).toAbsolutePath();
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        ChildProcess.run(Path.of("."), 1, "git", "worktree", "prune");
        ChildProcess.run(Path.of("."), 1, "git", "worktree", "remove", "--force", worktree.toString());
        ChildProcess added = ChildProcess.run(Path.of("."), 1, "git", "worktree", "add", "--detach", worktree.toString(), commit);
        if (!added.succeeded()) {
            throw new IllegalStateException("cannot A/B against " + commit + ": git worktree add failed: " + added.firstLine());
        }
        try {
            System.out.println("cmbench: building the benchmarks of " + commit.substring(0, 10) + " in " + worktree
                    + " (log: " + log + ")");
            ChildProcess built = ChildProcess.run(worktree, BUILD_MINUTES, "mvn", "-B", "-q", "package",
                    "-Dmaven.test.skip=true");
            Files.writeString(log, built.output());
            Path jar = worktree.resolve("target").resolve("benchmarks.jar");
            if (!built.succeeded() || !Files.isRegularFile(jar)) {
                throw new IllegalStateException("cannot A/B against " + commit.substring(0, 10)
                        + ": it does not build (mvn package failed, see " + log + ")");
            }
            Files.createDirectories(staging.toAbsolutePath().getParent());
            Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            ChildProcess.run(Path.of("."), 1, "git", "worktree", "remove", "--force", worktree.toString());
        }
    }

    /** Both sides' forks speak to this runner in JMH's protocol: the other jar must hold the same JMH. */
    static void sameJmh(Path jar) throws IOException {
        Optional<String> ours = jmhVersion(AgainstSide.class.getClassLoader().getResourceAsStream(JMH_VERSION));
        Optional<String> theirs;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry(JMH_VERSION);
            theirs = entry == null ? Optional.empty() : jmhVersion(zip.getInputStream(entry));
        }
        if (ours.isPresent() && theirs.isPresent() && !ours.equals(theirs)) {
            throw new IllegalStateException("cannot A/B against a jar of JMH " + theirs.get() + " from this tree's JMH "
                    + ours.get() + ": the runner and the other side's forks must speak the same JMH");
        }
    }

    private static Optional<String> jmhVersion(InputStream properties) throws IOException {
        if (properties == null) {
            return Optional.empty();
        }
        try (properties) {
            Properties read = new Properties();
            read.load(properties);
            return Optional.ofNullable(read.getProperty("version"));
        }
    }

    /** The lines of {@code META-INF/BenchmarkList} in {@code jar}: the benchmarks it has. */
    static List<String> benchmarkList(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("META-INF/BenchmarkList");
            if (entry == null) {
                throw new IllegalStateException(jar + " holds no JMH benchmark list");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            }
        }
    }
}
