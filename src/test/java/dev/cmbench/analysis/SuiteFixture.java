package dev.cmbench.analysis;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Two real runs of the same code of the suite's batch benchmark (src/test/resources/suite-a and
 * suite-b): jmh.json, env.json, skipped.json and the latency logs of each.
 */
public final class SuiteFixture {

    private SuiteFixture() {
    }

    /** Copies run A into {@code dir}; returns its jmh.json. */
    public static Path write(Path dir) throws IOException {
        return write(dir, "suite-a");
    }

    /** Copies the run {@code name} (suite-a or suite-b) into {@code dir}; returns its jmh.json. */
    public static Path write(Path dir, String name) throws IOException {
        Path source;
        try {
            source = Path.of(SuiteFixture.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (var files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir.resolve("jmh.json");
    }
}
