package dev.cmbench.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JMH result files other public projects committed, in {@code ../shared/jmh-real/} beside the
 * repository (where CI has them; SOURCES.md there says where each comes from).
 */
public final class RealFiles {

    /** How many files SOURCES.md lists: eight real runs and two edge cases. */
    public static final int COUNT = 10;

    private RealFiles() {
    }

    /**
     * {@code shared/jmh-real} in the repository's parent, the repository found by walking up from
     * the working directory to the directory with the pom and the analyzer (Maven runs tests in
     * the module's directory, an IDE may not). Absent on a lone clone: the tests that need it are
     * skipped there, and fail in CI (the CI variable set), which always has it.
     */
    public static Path dir() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !(Files.isRegularFile(here.resolve("pom.xml")) && Files.isDirectory(here.resolve("analysis")))) {
            here = here.getParent();
        }
        Path dir = here == null || here.getParent() == null ? null : here.getParent().resolve("shared/jmh-real");
        boolean present = dir != null && Files.isDirectory(dir);
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI must have ../shared/jmh-real beside the repository; looked in " + dir);
        }
        assumeTrue(present, "no ../shared/jmh-real beside the repository (" + dir + ")");
        return dir;
    }

    /** Every JSON file there, sorted by name. */
    public static List<Path> files() {
        try (var files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one file of them whose name starts with {@code prefix} (the project's owner). */
    public static Path file(String prefix) {
        return files().stream().filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "* in " + dir()));
    }
}
