package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping a worker escalates one step at a time, each only when the one before did not end it:
 * end of input, then SIGTERM, then SIGKILL. Fake workers that each give in at a different step
 * show which step ended them by their exit status (0, 128 + 15, 128 + 9). Timeouts guard against
 * hangs only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

    private static final Duration PATIENCE = Duration.ofMillis(200);

    @Test
    void aWorkerThatExitsAtEndOfInputIsNotSignalled() throws Exception {
        assertEquals(0, stopped("cat >/dev/null"), "ended by end of input alone");
    }

    @Test
    void aWorkerThatIgnoresEndOfInputGetsSigterm() throws Exception {
        assertEquals(128 + 15, stopped("exec sleep 600"), "ended by SIGTERM");
    }

    @Test
    void aWorkerThatIgnoresEndOfInputAndSigtermGetsSigkill() throws Exception {
        // SIG_IGN survives exec: sleep itself ignores SIGTERM, and no shell is left between.
        assertEquals(128 + 9, stopped("trap '' TERM; exec sleep 600"), "ended by SIGKILL");
    }

    /** Starts {@code script}, stops it as a pool stops its workers, returns its exit status. */
    private static int stopped(String script) throws IOException, InterruptedException {
        Process worker = new ProcessBuilder(List.of("/bin/sh", "-c", script)).start();
        Shutdown.stop(worker, PATIENCE);
        assertFalse(worker.isAlive(), "stop returned with the worker alive");
        return worker.waitFor();
    }
}
