package dev.cmbench.server;

import dev.cmbench.load.Frames;
import dev.cmbench.load.Sockets;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection's blocking call to the backend, for the kinds whose threads block on it (platform,
 * fixed-pool, virtual, prefork): write the request, wait for the answer, compute on it.
 */
final class BackendCall {

    private final SocketChannel backend;
    private final ServerOptions options;
    private final ByteBuffer request = ByteBuffer.allocateDirect(Frames.BYTES);
    private final ByteBuffer answer = ByteBuffer.allocateDirect(Frames.BYTES);

    private BackendCall(SocketChannel backend, ServerOptions options) {
        this.backend = backend;
        this.options = options;
    }

    /** Opens a blocking connection to the backend. */
    static BackendCall open(ServerOptions options) throws IOException {
        SocketChannel backend = SocketChannel.open(options.backend());
        try {
            Sockets.tune(backend);
            return new BackendCall(backend, options);
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The backend connection, for a server that closes every connection it has when it stops. */
    SocketChannel channel() {
        return backend;
    }

    /** Calls the backend for request {@code id}, computes on its answer, and fills {@code reply} with the reply frame. */
    ByteBuffer serve(long id, long seed, ByteBuffer reply) throws IOException {
        Frames.writeBlocking(backend, Frames.put(request, id, seed));
        if (!Frames.readBlocking(backend, answer)) {
            throw new EOFException("the backend closed its connection");
        }
        long answerId = answer.getLong();
        long value = answer.getLong();
        if (answerId != id) {
            throw new IOException("the backend answered request " + answerId + " for request " + id);
        }
        return Frames.put(reply, id, options.checksum(value));
    }
}
