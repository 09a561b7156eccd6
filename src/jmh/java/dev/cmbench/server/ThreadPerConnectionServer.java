package dev.cmbench.server;

import dev.cmbench.load.Frames;
import dev.cmbench.load.Sockets;
import dev.cmbench.model.Shutdown;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code platform} and {@code virtual}: a thread per connection, all blocking. An acceptor thread
 * accepts; each connection's thread opens its backend connection and loops: read a request (blocks),
 * call the backend (blocks), compute, write the reply. With platform threads every block is a
 * kernel thread parked in a system call; with virtual threads (JEP 444) a blocked read unmounts the
 * virtual thread and the JDK's poller (epoll) remounts it when the socket is readable, so the code
 * is the same and the threads are not.
 */
final class ThreadPerConnectionServer implements RunningServer {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ServerOptions options;
    private final ThreadFactory threads;
    private final ServerSocketChannel listener;
    private final Thread acceptor;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ready = new AtomicInteger();
    private volatile boolean closing;

    ThreadPerConnectionServer(ServerOptions options, ThreadFactory connectionThreads) throws IOException {
        this.options = options;
        this.threads = connectionThreads;
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Sockets.BACKLOG);
        this.acceptor = Thread.ofPlatform().name("cmbench-server-acceptor").start(this::acceptLoop);
    }

    private void acceptLoop() {
        try {
            while (!closing) {
                SocketChannel client = listener.accept();
                open.add(client);
                Thread thread = threads.newThread(() -> serve(client));
                running.add(thread);
                thread.start();
            }
        } catch (ClosedChannelException e) {
            // close() closed the listener
        } catch (IOException e) {
            System.err.println("cmbench server: accept failed: " + e);
        }
    }

    private void serve(SocketChannel client) {
        BackendCall backend = null;
        try (client) {
            backend = BackendCall.open(options);
            open.add(backend.channel());
            Sockets.tune(client);
            ready.incrementAndGet();
            ByteBuffer request = ByteBuffer.allocateDirect(Frames.BYTES);
            ByteBuffer reply = ByteBuffer.allocateDirect(Frames.BYTES);
            while (Frames.readBlocking(client, request)) {
                Frames.writeBlocking(client, backend.serve(request.getLong(), request.getLong(), reply));
            }
        } catch (IOException e) {
            if (!closing) {
                ConnectionFailure.report("cmbench server", e);
            }
        } finally {
            if (backend != null) {
                Closing.quietly(backend.channel());
                open.remove(backend.channel());
            }
            open.remove(client);
            running.remove(Thread.currentThread());
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
        closing = true;
        Closing.quietly(listener);
        Shutdown.joinAll(List.of(acceptor));
        open.forEach(Closing::quietly); // a thread blocked in a read or write gets AsynchronousCloseException
        Closing.awaitEnd(running, STOP_TIMEOUT, "connection threads");
    }
}
