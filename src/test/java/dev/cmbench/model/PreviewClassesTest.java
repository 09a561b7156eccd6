package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Preview features stay where they are needed: only the structured kinds' classes are compiled
 * with them, and a JVM started without {@code --enable-preview} runs everything else.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PreviewClassesTest {

    /** A class file's minor version is 0xFFFF when it depends on preview features (JEP 12). */
    private static final int PREVIEW_MINOR = 0xFFFF;

    @Test
    void onlyTheStructuredClassesAreCompiledWithPreviewFeatures() throws Exception {
        Path classes = Path.of(ModelKind.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> preview = new TreeSet<>();
        try (var files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                if (minorVersion(file) == PREVIEW_MINOR) {
                    preview.add(classes.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        assertTrue(preview.contains("dev/cmbench/model/StructuredModel.class"), preview.toString());
        assertTrue(preview.contains("dev/cmbench/bench/StructuredChildScope.class"), preview.toString());
        assertEquals(List.of(), preview.stream().filter(name -> !name.startsWith("dev/cmbench/model/StructuredModel")
                && !name.startsWith("dev/cmbench/bench/StructuredChildScope")).toList());
    }

    @Test
    void withoutPreviewFeaturesEveryOtherModelRunsAndStructuredSaysWhatItNeeds() throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), WithoutPreview.class.getName())
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("benchmark classes and skip rule: loaded"), out);
        assertTrue(out.contains("structured: start the JVM with --enable-preview"), out);
        for (ModelKind kind : ModelKind.values()) {
            if (kind != ModelKind.STRUCTURED && kind.inProcess()) {
                assertTrue(out.contains(kind.id() + ": ran"), out);
            }
        }
    }

    private static int minorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            return data.readUnsignedShort();
        }
    }
}
