package dev.cmbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    @TempDir
    Path dir;

    /** A report gets the permissions any new file gets here (the umask's), not a temporary file's 0600. */
    @Test
    void aWrittenFileHasTheUmasksPermissions() throws IOException {
        Path ordinary = Files.createFile(dir.resolve("ordinary"));
        Set<PosixFilePermission> umasks = Files.getPosixFilePermissions(ordinary);

        Path written = dir.resolve("report.md");
        OutputFiles.writeAtomically(written, "# report\n");
        OutputFiles.writeAtomically(written, "# report, again\n");

        assertEquals(umasks, Files.getPosixFilePermissions(written));
        assertEquals("# report, again\n", Files.readString(written));
        try (var left = Files.list(dir)) {
            assertEquals(Set.of(ordinary, written), Set.copyOf(left.toList()), "no partial file left behind");
        }
        assertTrue(umasks.contains(PosixFilePermission.OWNER_READ));
    }
}
