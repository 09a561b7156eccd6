package dev.cmbench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one line that says why a run failed, in a file, for {@code mvn verify -Pbench} to fail the
 * build with (its antrun step reads it). A run that ends with a non-zero exit code writes it; each
 * build empties it first, so that an earlier failure never fails a later run (empty, not removed:
 * Ant warns of a file it cannot find, and sets no property from an empty one).
 */
final class FailureFile {

    private static final String OPTION = "--failure-file";

    private FailureFile() {
    }

    /** The file {@code --failure-file} names among the runner's own arguments (before {@code --}), if any. */
    static Optional<Path> named(String... args) {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            String value = args[i].startsWith(OPTION + "=") ? args[i].substring(OPTION.length() + 1)
                    : args[i].equals(OPTION) && i + 1 < args.length ? args[i + 1] : null;
            if (value != null && !value.isBlank()) {
                return Optional.of(Path.of(value));
            }
        }
        return Optional.empty();
    }

    static void clear(Path file) {
        write(file, "");
    }

    static void write(Path file, String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line.isEmpty() ? "" : line + "\n");
        } catch (IOException e) {
            System.err.println("cmbench: cannot write " + file + ": " + e.getMessage());
        }
    }
}
