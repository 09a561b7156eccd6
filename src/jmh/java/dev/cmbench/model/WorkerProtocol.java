package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The line protocol between a parent and its worker JVMs, ASCII, one message a line:
 * <pre>
 * worker → parent   READY
 * parent → worker   TASK &lt;id&gt; &lt;sleepNanos&gt; &lt;computeUnits&gt; &lt;seed&gt;
 * worker → parent   DONE &lt;id&gt; &lt;checksum&gt;
 * worker → parent   FAIL &lt;id&gt; &lt;message&gt;
 * </pre>
 * A worker exits when its standard input ends. Anything else on a worker's standard output is a
 * {@link ProtocolException}, as is a last line without its newline (a worker that died while
 * writing), so a damaged message can never be read as a checksum.
 */
final class WorkerProtocol {

    static final String READY = "READY";
    /** Longer lines are garbage, not messages; the limit keeps a runaway worker from filling memory. */
    static final int MAX_LINE_BYTES = 4_096;

    private WorkerProtocol() {
    }

    /** A task as the worker receives it. */
    record Request(long id, SleepComputeTask task) {
    }

    /** What a worker answers for one task. */
    sealed interface Reply {
        long id();
    }

    record Done(long id, long checksum) implements Reply {
    }

    record Failed(long id, String message) implements Reply {
    }

    static String task(long id, SleepComputeTask task) {
        return "TASK " + id + " " + task.sleep().toNanos() + " " + task.computeUnits() + " " + task.seed() + "\n";
    }

    static String done(long id, long checksum) {
        return "DONE " + id + " " + checksum + "\n";
    }

    static String failed(long id, Throwable failure) {
        return "FAIL " + id + " " + String.valueOf(failure).replaceAll("[\\r\\n]+", " ") + "\n";
    }

    static Request parseRequest(String line) throws ProtocolException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 5 || !parts[0].equals("TASK")) {
            throw new ProtocolException("expected 'TASK <id> <sleepNanos> <computeUnits> <seed>', got " + quote(line));
        }
        try {
            var task = new SleepComputeTask(Duration.ofNanos(Long.parseLong(parts[2])), Long.parseLong(parts[3]),
                    Long.parseLong(parts[4]));
            return new Request(Long.parseLong(parts[1]), task);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new ProtocolException("bad task " + quote(line) + ": " + e.getMessage());
        }
    }

    static Reply parseReply(String line) throws ProtocolException {
        String[] parts = line.split(" ", 3);
        try {
            if (parts.length == 3 && parts[0].equals("DONE")) {
                return new Done(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
            if (parts.length == 3 && parts[0].equals("FAIL")) {
                return new Failed(Long.parseLong(parts[1]), parts[2]);
            }
        } catch (NumberFormatException e) {
            // falls through to the one error below
        }
        throw new ProtocolException("expected 'DONE <id> <checksum>' or 'FAIL <id> <message>', got " + quote(line));
    }

    /** The line, quoted, cut to 80 characters, with control characters made visible. */
    static String quote(String line) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }

    /** A message the protocol does not allow. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    /**
     * Reads newline-terminated lines and nothing else: unlike {@code BufferedReader}, it reports
     * a last line cut off by end of input instead of returning it as if it were whole.
     */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[8_192];
        private int position;
        private int limit;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next whole line without its newline, or null at a clean end of input. */
        String readLine() throws IOException, ProtocolException {
            var line = new ByteArrayOutputStream();
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (line.size() == 0) {
                            return null;
                        }
                        throw new ProtocolException("truncated line (no newline before end of output): "
                                + quote(line.toString(StandardCharsets.US_ASCII)));
                    }
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    return line.toString(StandardCharsets.US_ASCII);
                }
                if (line.size() == MAX_LINE_BYTES) {
                    throw new ProtocolException("line longer than " + MAX_LINE_BYTES + " bytes: "
                            + quote(line.toString(StandardCharsets.US_ASCII)));
                }
                line.write(b);
            }
        }
    }
}
