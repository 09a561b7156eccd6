package dev.cmbench.suite;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;

/**
 * One side of a run: what its forks run on. A plain run has one side, this tree. An A/B run has
 * a second, the side it is measured against: another commit's benchmarks jar, another JVM, or
 * other JVM options, the rest being the same.
 *
 * <p>Another commit's code reaches the forks through their class path: JMH builds a fork's
 * command line from the host's {@code java.class.path} property when it starts the fork, so for
 * the length of that side's fork the property names the other jar. The host itself reads the
 * benchmark list, the annotations and the parameters from this tree, so both sides run with the
 * same settings; the two jars must share a JMH version (the host and a fork speak JMH's protocol).
 *
 * @param name      {@code this} or {@code against}, as the console, run.json and the files say it
 * @param describe  what it is, for people: {@code working tree}, {@code commit 3f2c1a9e01 (main~1)}, {@code JVM /opt/jdk/bin/java}
 * @param commit    the commit its jar was built from, or null for this tree
 * @param classPath the jar its forks load, or null for this tree's
 * @param jvm       the {@code java} its forks run on, or null for this tree's
 * @param jvmArgs   JVM options its forks get before the benchmarks' own
 */
record Side(String name, String describe, String commit, String classPath, String jvm, List<String> jvmArgs) {

    static final String THIS = "this";
    static final String AGAINST = "against";

    Side {
        jvmArgs = List.copyOf(jvmArgs);
    }

    static Side thisTree() {
        return new Side(THIS, "working tree", null, null, null, List.of());
    }

    /** The same side, its forks loading {@code jar}. */
    Side withClassPath(String jar) {
        return new Side(name, describe, commit, jar, jvm, jvmArgs);
    }

    /** The side's own fork options, on top of those both sides share. */
    ChainedOptionsBuilder applyTo(ChainedOptionsBuilder options) {
        return jvm == null ? options : options.jvm(jvm);
    }

    /** Runs one JMH run on this side: its forks load this side's jar. */
    Collection<RunResult> run(Options options) throws RunnerException {
        if (classPath == null) {
            return new Runner(options).run();
        }
        String own = System.getProperty("java.class.path");
        System.setProperty("java.class.path", Path.of(classPath).toAbsolutePath().toString());
        try {
            return new Runner(options).run();
        } finally {
            System.setProperty("java.class.path", own);
        }
    }
}
