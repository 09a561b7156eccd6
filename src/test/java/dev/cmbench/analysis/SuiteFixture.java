package dev.cmbench.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real run of the suite's batch benchmark (src/test/resources/suite): jmh.json, env.json, skipped.json. */
final class SuiteFixture {

    private SuiteFixture() {
    }

    /** Copies the run into {@code dir}; returns its jmh.json. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"jmh.json", "env.json", "skipped.json"}) {
            try (InputStream in = SuiteFixture.class.getResourceAsStream("/suite/" + name)) {
                Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve("jmh.json");
    }
}
