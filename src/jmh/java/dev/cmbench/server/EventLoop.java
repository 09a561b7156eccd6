package dev.cmbench.server;

import dev.cmbench.model.Shutdown;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread, one selector: every channel it watches is handled on this thread and no other, so
 * a connection's state needs no lock. Connections from another thread (the accepting loop) arrive
 * through a queue and a {@link Selector#wakeup()}.
 */
final class EventLoop {

    /** What a watched channel's key does when it is ready; runs on the loop's thread. */
    interface Handler {
        void ready(SelectionKey key) throws IOException;
    }

    private final Selector selector;
    private final Thread thread;
    private final ServerOptions options;
    private final AtomicInteger ready;
    private final Queue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;

    EventLoop(String name, ServerOptions options, AtomicInteger ready) throws IOException {
        this.selector = Selector.open();
        this.options = options;
        this.ready = ready;
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Before start, or on this loop's thread: watches {@code channel} for {@code ops}. */
    SelectionKey watch(SelectableChannel channel, int ops, Handler handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /** From any thread: this loop takes over a newly accepted client connection. */
    void adopt(SocketChannel client) {
        if (Thread.currentThread() == thread) {
            open(client);
        } else {
            adopted.add(client);
            selector.wakeup();
        }
    }

    private void open(SocketChannel client) {
        try {
            LoopConnection.open(this, client, options, ready::incrementAndGet);
        } catch (IOException e) {
            if (!closing) {
                System.err.println("cmbench server: cannot open a connection: " + e);
            }
            Closing.quietly(client);
        }
    }

    private void run() {
        try {
            while (!closing) {
                selector.select();
                for (SocketChannel client; (client = adopted.poll()) != null; ) {
                    open(client);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid()) {
                        handle(key);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                System.err.println("cmbench server: " + thread.getName() + " failed: " + e);
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        try {
            ((Handler) key.attachment()).ready(key);
        } catch (IOException e) {
            if (!(key.channel() instanceof SocketChannel)) {
                throw e; // the listener
            }
            if (!closing) {
                ConnectionFailure.report("cmbench server", e);
            }
            if (key.attachment() instanceof LoopConnection connection) {
                connection.close();
            } else {
                Closing.quietly(key.channel());
            }
        }
    }

    /** Stops the thread, then closes every channel it watched. */
    void close() {
        closing = true;
        selector.wakeup();
        if (thread.isAlive() || thread.getState() != Thread.State.NEW) {
            Shutdown.joinAll(List.of(thread));
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof LoopConnection connection) {
                connection.close();
            }
        }
        for (SocketChannel client; (client = adopted.poll()) != null; ) {
            Closing.quietly(client);
        }
        Closing.quietly(selector);
    }
}
