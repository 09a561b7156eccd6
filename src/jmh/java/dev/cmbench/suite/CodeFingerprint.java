package dev.cmbench.suite;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A fingerprint of the code this runner's forks run: a SHA-256 over the names and CRCs of the
 * classes and resources in its benchmarks jar, less Maven's build metadata, so that rebuilding
 * the same code gives the same fingerprint and other code another. A resume refuses to mix two.
 */
final class CodeFingerprint {

    private CodeFingerprint() {
    }

    /** The fingerprint of the jar on this JVM's class path, or "" when the class path is not one jar (as in tests). */
    static String ofThisRunner() throws IOException {
        String classPath = System.getProperty("java.class.path");
        Path jar = Path.of(classPath);
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(jar)) {
            return "";
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/maven/")
                    && !e.getName().equals("META-INF/MANIFEST.MF")).sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
                digest.update((entry.getName() + ":" + entry.getCrc() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
