package dev.cmbench.server;

import dev.cmbench.load.Frames;
import dev.cmbench.load.Sockets;
import dev.cmbench.model.Shutdown;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fixed-pool}: the servlet container's shape (Tomcat's NIO connector). One selector thread
 * watches every idle connection; when one becomes readable it stops watching it and hands it to a
 * fixed pool of request threads ({@code poolSize}: Tomcat's default is 200), where a thread reads the
 * request, calls the backend with a blocking call, computes, writes the reply, and gives the
 * connection back to the selector. A request waits in the pool's queue when every thread is busy,
 * and that wait is part of its latency.
 *
 * <p>Giving a connection back costs a {@code Selector.wakeup()} (a write to an eventfd), as it
 * does in Tomcat: the selector thread must learn that the connection is to be watched again.
 */
final class SelectorPoolServer implements RunningServer {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int READ_BUFFER_FRAMES = 64;

    private final ServerOptions options;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ThreadPoolExecutor pool;
    private final Thread selectorThread;
    private final AtomicInteger ready = new AtomicInteger();
    private volatile boolean closing;

    /** A connection and its backend; only one pool thread at a time touches it, between two selections. */
    private final class PooledConnection implements Runnable {
        final SocketChannel client;
        final BackendCall backend;
        final ByteBuffer received = ByteBuffer.allocate(Frames.BYTES * READ_BUFFER_FRAMES);
        final ByteBuffer reply = ByteBuffer.allocateDirect(Frames.BYTES);
        SelectionKey key;

        PooledConnection(SocketChannel client, BackendCall backend) {
            this.client = client;
            this.backend = backend;
        }

        /** On a pool thread: serves every whole request that has arrived, then gives the connection back. */
        @Override
        public void run() {
            try {
                if (client.read(received) < 0) {
                    close();
                    return;
                }
                received.flip();
                while (received.remaining() >= Frames.BYTES) {
                    writeFully(backend.serve(received.getLong(), received.getLong(), reply));
                }
                received.compact();
                key.interestOps(SelectionKey.OP_READ);
                selector.wakeup();
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    ConnectionFailure.report("cmbench server", e);
                }
                close();
            }
        }

        /** The client's socket is non-blocking (it is registered with the selector): a full send buffer is waited out here. */
        private void writeFully(ByteBuffer frame) throws IOException {
            client.write(frame);
            while (frame.hasRemaining()) {
                LockSupport.parkNanos(50_000); // 50 µs
                client.write(frame);
            }
        }

        void close() {
            key.cancel();
            Closing.quietly(client);
            Closing.quietly(backend.channel());
        }
    }

    SelectorPoolServer(ServerOptions options) throws IOException {
        this.options = options;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Sockets.BACKLOG);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(options.poolSize(), options.poolSize(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                task -> Thread.ofPlatform().name("cmbench-server-pool-" + threadNumber.incrementAndGet()).unstarted(task));
        pool.prestartAllCoreThreads();
        this.selectorThread = Thread.ofPlatform().name("cmbench-server-selector").start(this::selectLoop);
    }

    private void selectLoop() {
        try {
            while (!closing) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll();
                    } else if (key.isReadable()) {
                        key.interestOps(0); // a pool thread owns it until it gives it back
                        pool.execute((PooledConnection) key.attachment());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.err.println("cmbench server: the selector failed: " + e);
            }
        }
    }

    /** On the selector thread; the backend connects with a blocking connect, which happens before the load starts. */
    private void acceptAll() throws IOException {
        SocketChannel client;
        while ((client = listener.accept()) != null) {
            Sockets.tune(client);
            client.configureBlocking(false);
            PooledConnection connection = new PooledConnection(client, BackendCall.open(options));
            connection.key = client.register(selector, SelectionKey.OP_READ, connection);
            ready.incrementAndGet();
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
        selector.wakeup();
        Shutdown.joinAll(List.of(selectorThread));
        stopPool(pool);
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof PooledConnection connection) {
                connection.close();
            }
        }
        Closing.quietly(listener);
        Closing.quietly(selector);
    }

    /** Interrupts the pool's threads: one blocked on its backend call has its channel closed by the interrupt. */
    private static void stopPool(ExecutorService pool) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("fixed-pool's request threads still running " + STOP_TIMEOUT.toSeconds()
                        + " s after close(): they are leaking");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
