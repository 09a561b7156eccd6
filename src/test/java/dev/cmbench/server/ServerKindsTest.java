package dev.cmbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.load.Backend;
import dev.cmbench.load.Descriptors;
import dev.cmbench.load.ExpectedReplies;
import dev.cmbench.load.LoadGenerator;
import dev.cmbench.load.StepResult;
import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every server kind serves the one request right: over 1 000 connections, every request is answered
 * exactly once, in order on its connection, with the checksum that only the backend's answer and the
 * workload's compute give, and every request reached the backend once; afterwards no socket, thread
 * or process is left. The generator and the backend run in this JVM here (in processes of their own
 * in the benchmark). No timing is asserted: the drain is long enough for the slowest kind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerKindsTest {

    private static final long UNITS = 200;
    private static final int CONNECTIONS = 1_000;

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void everyRequestIsAnsweredOnceWithTheRightChecksumOver1000ConnectionsAndNothingIsLeft(ServerKind kind)
            throws Exception {
        long socketsBefore = Descriptors.openSockets().orElseThrow();
        try (Backend backend = Backend.start(Duration.ofMillis(1))) {
            try (RunningServer server = kind.serve(new ServerOptions(backend.address(), UNITS, 2));
                 LoadGenerator generator = LoadGenerator.connect(server.address(), CONNECTIONS,
                         new ExpectedReplies(backend.salt(), UNITS))) {
                awaitReady(server);
                long sent = 0;
                for (int step = 0; step < 2; step++) { // the second step's ids continue on every connection
                    StepResult result = generator.runStep(2_000, Duration.ofMillis(500), Duration.ofSeconds(60));
                    assertEquals(0, result.errors(), kind + ": " + result.firstError());
                    assertEquals(result.sent(), result.answered(), kind + ": answered");
                    assertEquals(0, result.timeouts(), kind + ": time-outs");
                    sent += result.sent();
                }
                assertEquals(2_000, sent);
                awaitServed(backend, sent);
                assertEquals(sent, backend.served(), kind + ": requests that reached the backend");
            }
        }
        awaitSockets(socketsBefore);
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    private static void awaitReady(RunningServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.connectionsReady() < CONNECTIONS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(CONNECTIONS, server.connectionsReady(), "connections ready");
    }

    /** The backend counts an answer just after writing it: the server may have read it a moment before. */
    private static void awaitServed(Backend backend, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (backend.served() < sent && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void awaitSockets(long before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Descriptors.openSockets().orElseThrow() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Descriptors.openSockets().orElseThrow() <= before,
                (Descriptors.openSockets().orElseThrow() - before) + " sockets left open");
    }
}
