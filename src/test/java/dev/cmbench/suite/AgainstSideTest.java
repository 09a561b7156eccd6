package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an A/B run refuses before its first fork, each beside a control that passes: a JVM older
 * than 25 (a stand-in that answers the version probe as Java 17 would), and another commit's jar
 * built with another JMH, whose forks would not speak this runner's protocol.
 */
class AgainstSideTest {

    private static final String JMH_VERSION = "META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties";

    @TempDir
    Path dir;

    @Test
    void aJvmOlderThan25IsRefusedInOneLineNamingItsVersion() throws IOException {
        Path java17 = Files.writeString(dir.resolve("java"), """
                #!/bin/sh
                echo 'Property settings:' >&2
                echo '    java.specification.version = 17' >&2
                echo 'openjdk version "17.0.13" 2024-10-15' >&2
                """);
        Files.setPosixFilePermissions(java17, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertEquals(Optional.empty(), AgainstSide.jvmProblem("", ""), "the control: this runner's own JVM");
        assertEquals(Optional.of("the other side's JVM is Java 17; the benchmarks need 25"),
                AgainstSide.jvmProblem(java17.toString(), ""));
        RunnerExit.of("--out", dir.resolve("run").toString(), "--against-jvm", java17.toString(), "--", "BatchBenchmark")
                .assertRefusedInOneLine("the other side's JVM is Java 17; the benchmarks need 25");
        assertEquals(false, Files.exists(dir.resolve("run")), "nothing started");
    }

    @Test
    void aJarOfAnotherJmhIsRefusedAndOneOfTheSameJmhIsNot() throws IOException {
        String ours = ourJmhVersion();
        assertDoesNotThrow(() -> AgainstSide.sameJmh(jarOfJmh(dir.resolve("same.jar"), ours)));

        Path other = jarOfJmh(dir.resolve("other.jar"), "1.0");
        var e = assertThrows(IllegalStateException.class, () -> AgainstSide.sameJmh(other));
        assertEquals("cannot A/B against a jar of JMH 1.0 from this tree's JMH " + ours
                + ": the runner and the other side's forks must speak the same JMH", e.getMessage());
    }

    private static String ourJmhVersion() throws IOException {
        try (InputStream in = AgainstSide.class.getClassLoader().getResourceAsStream(JMH_VERSION)) {
            assertNotNull(in, "this tree's JMH says its version in " + JMH_VERSION);
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    private static Path jarOfJmh(Path jar, String version) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry(JMH_VERSION));
            zip.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
