package dev.cmbench.server;

import dev.cmbench.load.Sockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code event-loop} and {@code loop-per-core}: nothing ever blocks. {@code event-loop} is one
 * thread with one {@link java.nio.channels.Selector}, as asyncio runs: it accepts, reads every
 * request, calls the backend without blocking, computes on the answer and writes the reply, each
 * connection a small state machine ({@link LoopConnection}). {@code loop-per-core} is Netty's shape:
 * one such loop per core, the first accepting and handing each new connection to the loops in turn,
 * a connection then living on its loop for good.
 *
 * <p>The compute runs on the loop: while one request computes, no other connection of that loop is
 * read. That is asyncio's price for having no threads, and the reason Netty runs a loop per core.
 */
final class EventLoopServer implements RunningServer {

    private final ServerSocketChannel listener;
    private final EventLoop[] loops;
    private final AtomicInteger ready = new AtomicInteger();
    private int nextLoop;

    EventLoopServer(ServerOptions options, int loopCount) throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Sockets.BACKLOG);
        listener.configureBlocking(false);
        loops = new EventLoop[loopCount];
        try {
            for (int i = 0; i < loopCount; i++) {
                loops[i] = new EventLoop("cmbench-server-loop-" + i, options, ready);
            }
            loops[0].watch(listener, SelectionKey.OP_ACCEPT, (EventLoop.Handler) key -> acceptAll());
            for (EventLoop loop : loops) {
                loop.start();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** On the first loop: each new connection goes to the next loop in turn. */
    private void acceptAll() throws IOException {
        SocketChannel client;
        while ((client = listener.accept()) != null) {
            loops[nextLoop].adopt(client);
            nextLoop = (nextLoop + 1) % loops.length;
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    @Override
    public int connectionsReady() {
        return ready.get();
    }

    @Override
    public ServerUsage usage() {
        return ServerUsage.ofThisJvm();
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            if (loop != null) {
                loop.close();
            }
        }
        Closing.quietly(listener);
    }
}
