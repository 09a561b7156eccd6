package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.workload.SleepComputeTask;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {

    @Test
    void aTaskSurvivesTheTripThroughALine() throws Exception {
        var task = new SleepComputeTask(Duration.ofMillis(3), 12_345, -7);
        String line = WorkerProtocol.task(42, task);
        var request = WorkerProtocol.parseRequest(line.strip());
        assertEquals(42, request.id());
        assertEquals(task, request.task());
    }

    @Test
    void repliesParse() throws Exception {
        assertEquals(new WorkerProtocol.Done(3, -99), WorkerProtocol.parseReply("DONE 3 -99"));
        assertEquals(new WorkerProtocol.Failed(4, "java.lang.Error: no more"),
                WorkerProtocol.parseReply(WorkerProtocol.failed(4, new Error("no\nmore")).strip()));
    }

    @Test
    void garbageIsRejectedWithTheLineQuoted() {
        for (String bad : new String[] {"garbage", "DONE", "DONE 1", "DONE x 1", "DONE 1 12x", "DONE 1 2 3", "",
                "done 1 2", "READY"}) {
            var e = assertThrows(WorkerProtocol.ProtocolException.class, () -> WorkerProtocol.parseReply(bad), bad);
            assertTrue(e.getMessage().contains("got '" + bad + "'"), e.getMessage());
        }
        assertThrows(WorkerProtocol.ProtocolException.class, () -> WorkerProtocol.parseRequest("TASK 1 2 3"));
        assertThrows(WorkerProtocol.ProtocolException.class, () -> WorkerProtocol.parseRequest("TASK 1 -2 3 4"));
    }

    @Test
    void controlCharactersAreShownNotPrinted() {
        assertEquals("'a\\x1bb\\x00'", WorkerProtocol.quote("a\u001bb\u0000"));
        assertTrue(WorkerProtocol.quote("x".repeat(500)).length() < 90);
    }

    @Test
    void aTruncatedLastLineIsAnErrorNotAChecksum() throws Exception {
        var lines = reader("DONE 1 5\nDONE 2 12");
        assertEquals("DONE 1 5", lines.readLine());
        var e = assertThrows(WorkerProtocol.ProtocolException.class, lines::readLine);
        assertTrue(e.getMessage().contains("truncated line") && e.getMessage().contains("'DONE 2 12'"), e.getMessage());
    }

    @Test
    void aCleanEndOfOutputIsNull() throws Exception {
        var lines = reader("READY\n");
        assertEquals("READY", lines.readLine());
        assertNull(lines.readLine());
    }

    @Test
    void anEndlessLineIsRejected() {
        var lines = reader("x".repeat(WorkerProtocol.MAX_LINE_BYTES + 10) + "\n");
        var e = assertThrows(WorkerProtocol.ProtocolException.class, lines::readLine);
        assertTrue(e.getMessage().startsWith("line longer than"), e.getMessage());
    }

    private static WorkerProtocol.LineReader reader(String text) {
        return new WorkerProtocol.LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
