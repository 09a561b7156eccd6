package dev.cmbench.load;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The one request of the load harness on the wire, the same on every hop: a 16-byte frame of two
 * big-endian longs, an id and a payload. The generator sends {@code [id, seed]} to the server, the
 * server forwards it to the backend, the backend answers {@code [id, value]} after the workload's
 * sleep, and the server replies {@code [id, checksum]}, the checksum being the workload's compute
 * run on the backend's value.
 *
 * <p>On every connection requests are served in order, one at a time, as HTTP/1.1 serves a
 * connection: a reply's id must be the oldest request still open on its connection, which is how
 * the generator tells a dropped or repeated reply from a slow one.
 */
public final class Frames {

    /** Bytes in a frame. */
    public static final int BYTES = 16;

    private Frames() {
    }

    /** The backend's answer to {@code seed}: a mix no server can produce without asking the backend, which alone knows {@code salt}. */
    public static long answer(long seed, long salt) {
        long z = seed ^ salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Reads exactly one frame into {@code frame} (cleared first) from a blocking channel; false at a clean end of stream. */
    public static boolean readBlocking(ReadableByteChannel channel, ByteBuffer frame) throws IOException {
        frame.clear();
        while (frame.hasRemaining()) {
            if (channel.read(frame) < 0) {
                if (frame.position() == 0) {
                    return false;
                }
                throw new EOFException("stream ended inside a frame");
            }
        }
        frame.flip();
        return true;
    }

    /** Writes the whole of {@code frame} to a blocking channel. */
    public static void writeBlocking(WritableByteChannel channel, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** {@code frame} cleared and filled with {@code [id, payload]}, ready to write. */
    public static ByteBuffer put(ByteBuffer frame, long id, long payload) {
        frame.clear();
        frame.putLong(id).putLong(payload).flip();
        return frame;
    }
}
