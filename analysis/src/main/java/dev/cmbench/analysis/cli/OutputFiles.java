package dev.cmbench.analysis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writing output so that a failure never leaves half a file: a temporary file, then an atomic move.
 * The file gets the permissions any new file gets (the umask's), not a temporary file's owner-only
 * 0600 (which every report, jmh.json and env.json had, whatever the umask).
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            // CREATE_NEW with no attributes: the operating system applies the umask, as to any new file.
            Files.write(partial, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
    }
}
