package dev.cmbench.server;

import dev.cmbench.load.Frames;
import dev.cmbench.load.Sockets;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A client connection and its backend connection on one {@link EventLoop}, as a state machine
 * driven by readiness: read a request, write it to the backend, read the answer, compute, write the
 * reply, then the next request. While a request is under way the client is not read, so requests on
 * a connection are served one at a time, in order, as the blocking kinds serve them.
 */
final class LoopConnection implements EventLoop.Handler {

    private static final int READ_BUFFER_FRAMES = 64;

    private enum State { CONNECTING, IDLE, CALLING, AWAITING_ANSWER, REPLYING }

    private final SocketChannel client;
    private final SocketChannel backend;
    private final ServerOptions options;
    private final Runnable onReady;
    private final ByteBuffer received = ByteBuffer.allocate(Frames.BYTES * READ_BUFFER_FRAMES);
    private final ByteBuffer toBackend = ByteBuffer.allocateDirect(Frames.BYTES);
    private final ByteBuffer answer = ByteBuffer.allocateDirect(Frames.BYTES);
    private final ByteBuffer reply = ByteBuffer.allocateDirect(Frames.BYTES);
    private SelectionKey clientKey;
    private SelectionKey backendKey;
    private State state = State.CONNECTING;
    private long requestId;

    private LoopConnection(SocketChannel client, SocketChannel backend, ServerOptions options, Runnable onReady) {
        this.client = client;
        this.backend = backend;
        this.options = options;
        this.onReady = onReady;
    }

    /** On {@code loop}'s thread: starts the backend connection; the client is read once it is open. */
    static void open(EventLoop loop, SocketChannel client, ServerOptions options, Runnable onReady) throws IOException {
        Sockets.tune(client);
        client.configureBlocking(false);
        SocketChannel backend = SocketChannel.open();
        LoopConnection connection = new LoopConnection(client, backend, options, onReady);
        try {
            Sockets.tune(backend);
            backend.configureBlocking(false);
            connection.clientKey = loop.watch(client, 0, connection);
            boolean connected = backend.connect(options.backend());
            connection.backendKey = loop.watch(backend, connected ? 0 : SelectionKey.OP_CONNECT, connection);
            if (connected) {
                connection.backendConnected();
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        if (key == backendKey) {
            if (key.isConnectable() && backend.finishConnect()) {
                backendConnected();
            } else if (key.isWritable()) {
                callBackend();
            } else if (key.isReadable()) {
                readAnswer();
            }
        } else if (key.isWritable()) {
            writeReply();
        } else if (key.isReadable()) {
            readRequests();
        }
    }

    private void backendConnected() {
        backendKey.interestOps(0);
        state = State.IDLE;
        clientKey.interestOps(SelectionKey.OP_READ);
        onReady.run();
    }

    private void readRequests() throws IOException {
        if (client.read(received) < 0) {
            close();
            return;
        }
        startNextRequest();
    }

    /** If idle and a whole request has arrived, forwards it to the backend and stops reading the client. */
    private void startNextRequest() throws IOException {
        if (state != State.IDLE || received.position() < Frames.BYTES) {
            return;
        }
        received.flip();
        requestId = received.getLong();
        Frames.put(toBackend, requestId, received.getLong());
        received.compact();
        clientKey.interestOps(0);
        state = State.CALLING;
        callBackend();
    }

    private void callBackend() throws IOException {
        backend.write(toBackend);
        if (toBackend.hasRemaining()) {
            backendKey.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        answer.clear();
        state = State.AWAITING_ANSWER;
        backendKey.interestOps(SelectionKey.OP_READ);
    }

    private void readAnswer() throws IOException {
        if (backend.read(answer) < 0) {
            throw new EOFException("the backend closed its connection");
        }
        if (answer.hasRemaining()) {
            return;
        }
        answer.flip();
        long answerId = answer.getLong();
        if (answerId != requestId) {
            throw new IOException("the backend answered request " + answerId + " for request " + requestId);
        }
        backendKey.interestOps(0);
        Frames.put(reply, requestId, options.checksum(answer.getLong())); // the compute, on the loop
        state = State.REPLYING;
        writeReply();
    }

    private void writeReply() throws IOException {
        client.write(reply);
        if (reply.hasRemaining()) {
            clientKey.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        state = State.IDLE;
        clientKey.interestOps(SelectionKey.OP_READ);
        startNextRequest(); // a request that arrived during this one
    }

    void close() {
        if (clientKey != null) {
            clientKey.cancel();
        }
        if (backendKey != null) {
            backendKey.cancel();
        }
        Closing.quietly(client);
        Closing.quietly(backend);
    }
}
