package dev.cmbench.server;

import dev.cmbench.load.Frames;
import dev.cmbench.load.Sockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker process of {@code prefork}: a synchronous worker, as a pre-fork server's (gunicorn's
 * sync worker, Apache's prefork) serves one request at a time. It listens on the shared port with
 * {@code SO_REUSEPORT}, so the kernel spreads new connections over the workers; of the connections
 * it holds, it takes the next one with a request waiting (a selector tells which) and serves that
 * request to the end with a blocking backend call before it looks at another.
 *
 * <p>Standard output: {@code LISTENING port} once bound. Standard input: {@code STATS} →
 * {@code STATS ready cpuNanos allocatedBytes}; its end stops the worker.
 *
 * <pre>PreforkWorker PORT BACKEND_PORT COMPUTE_UNITS</pre>
 */
public final class PreforkWorker {

    private static final int READ_BUFFER_FRAMES = 64;

    private final ServerOptions options;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private volatile int ready;
    private volatile boolean closing;

    private PreforkWorker(ServerOptions options, int port) throws IOException {
        this.options = options;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Sockets.BACKLOG);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            InetSocketAddress backend = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
            PreforkWorker worker = new PreforkWorker(new ServerOptions(backend, Long.parseLong(args[2]), 1),
                    Integer.parseInt(args[0]));
            out.println("LISTENING " + worker.listener.socket().getLocalPort());
            Thread.ofPlatform().name("cmbench-prefork-control").daemon().start(() -> worker.answerControl(out));
            worker.serve();
            System.exit(0);
        } catch (Exception e) {
            out.println("ERROR " + e.getMessage());
            System.exit(1);
        }
    }

    /** Answers STATS until standard input ends, then stops the worker. */
    private void answerControl(PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                ServerUsage usage = ServerUsage.ofThisJvm();
                out.println(line.equals("STATS") ? "STATS " + ready + " " + usage.cpuNanos() + " " + usage.allocatedBytes()
                        : "ERROR unknown command '" + line + "'");
            }
        } catch (IOException e) {
            // the parent is gone: stop
        }
        closing = true;
        selector.wakeup();
    }

    private record Held(SocketChannel client, BackendCall backend, ByteBuffer received) {
    }

    private void serve() throws IOException {
        ByteBuffer reply = ByteBuffer.allocateDirect(Frames.BYTES);
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
                } else if (key.isReadable() && !serveWaiting(key, (Held) key.attachment(), reply)) {
                    close(key);
                }
            }
        }
        for (SelectionKey key : selector.keys()) {
            close(key);
        }
        selector.close();
    }

    private void acceptAll() throws IOException {
        SocketChannel client;
        while ((client = listener.accept()) != null) {
            Sockets.tune(client);
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ,
                    new Held(client, BackendCall.open(options), ByteBuffer.allocate(Frames.BYTES * READ_BUFFER_FRAMES)));
            ready++; // one writer: this thread
        }
    }

    /** Serves, one after the other, the requests this connection has waiting; false once the client has gone. */
    private boolean serveWaiting(SelectionKey key, Held held, ByteBuffer reply) {
        try {
            if (held.client().read(held.received()) < 0) {
                return false;
            }
            ByteBuffer received = held.received().flip();
            while (received.remaining() >= Frames.BYTES) {
                ByteBuffer frame = held.backend().serve(received.getLong(), received.getLong(), reply);
                held.client().write(frame);
                while (frame.hasRemaining()) {
                    LockSupport.parkNanos(50_000);
                    held.client().write(frame);
                }
            }
            received.compact();
            return true;
        } catch (IOException e) {
            if (!closing) {
                ConnectionFailure.report("cmbench prefork worker", e);
            }
            return false;
        }
    }

    private static void close(SelectionKey key) {
        Sockets.closeQuietly(key);
        if (key.attachment() instanceof Held held) {
            Closing.quietly(held.backend().channel());
        }
    }
}
