package dev.cmbench.server;

import dev.cmbench.load.Frames;
import dev.cmbench.load.Sockets;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code async}: NIO.2's asynchronous channels (JSR 203), the JDK's own callback style. Every read,
 * write, connect and accept is started with a {@link CompletionHandler} and returns at once; the
 * handler runs on a thread of the channel group ({@code poolSize} threads, one per core by default),
 * and the compute runs there too. No thread ever blocks on a socket: the group's threads wait in
 * epoll, inside the JDK.
 */
final class AsyncChannelServer implements RunningServer {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ServerOptions options;
    private final AsynchronousChannelGroup group;
    private final AsynchronousServerSocketChannel listener;
    private final AtomicInteger ready = new AtomicInteger();
    private volatile boolean closing;

    AsyncChannelServer(ServerOptions options) throws IOException {
        this.options = options;
        AtomicInteger threadNumber = new AtomicInteger();
        this.group = AsynchronousChannelGroup.withFixedThreadPool(options.poolSize(),
                task -> Thread.ofPlatform().name("cmbench-server-async-" + threadNumber.incrementAndGet()).unstarted(task));
        this.listener = AsynchronousServerSocketChannel.open(group)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Sockets.BACKLOG);
        listener.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel client, Void nothing) {
                listener.accept(null, this);
                new Exchange(client).start();
            }

            @Override
            public void failed(Throwable e, Void nothing) {
                if (!closing) {
                    System.err.println("cmbench server: accept failed: " + e);
                }
            }
        });
    }

    /** One connection's requests, each a chain of completion handlers: read, call, answer, reply, and again. */
    private final class Exchange {
        private final AsynchronousSocketChannel client;
        private final ByteBuffer request = ByteBuffer.allocateDirect(Frames.BYTES);
        private final ByteBuffer answer = ByteBuffer.allocateDirect(Frames.BYTES);
        private final ByteBuffer reply = ByteBuffer.allocateDirect(Frames.BYTES);
        // One handler object per step, made once per connection rather than once per operation.
        private final CompletionHandler<Integer, Void> onRequestRead = handler(this::requestRead);
        private final CompletionHandler<Integer, Void> onRequestWritten = handler(this::requestWritten);
        private final CompletionHandler<Integer, Void> onAnswerRead = handler(this::answerRead);
        private final CompletionHandler<Integer, Void> onReplyWritten = handler(this::replyWritten);
        private AsynchronousSocketChannel backend;

        Exchange(AsynchronousSocketChannel client) {
            this.client = client;
        }

        void start() {
            try {
                Sockets.tune(client);
                backend = AsynchronousSocketChannel.open(group);
                Sockets.tune(backend);
                backend.connect(options.backend(), null, handler(ignored -> {
                    ready.incrementAndGet();
                    readRequest();
                }));
            } catch (IOException e) {
                fail(e);
            }
        }

        private void readRequest() {
            request.clear();
            client.read(request, null, onRequestRead);
        }

        private void requestRead(Integer bytes) {
            if (bytes < 0) {
                close(); // the client is done
            } else if (request.hasRemaining()) {
                client.read(request, null, onRequestRead);
            } else {
                request.flip();
                backend.write(request, null, onRequestWritten);
            }
        }

        private void requestWritten(Integer bytes) {
            if (request.hasRemaining()) {
                backend.write(request, null, onRequestWritten);
            } else {
                answer.clear();
                backend.read(answer, null, onAnswerRead);
            }
        }

        private void answerRead(Integer bytes) {
            if (bytes < 0) {
                fail(new EOFException("the backend closed its connection"));
            } else if (answer.hasRemaining()) {
                backend.read(answer, null, onAnswerRead);
            } else {
                answer.flip();
                long id = answer.getLong();
                if (id != request.getLong(0)) {
                    fail(new IOException("the backend answered request " + id + " for request " + request.getLong(0)));
                    return;
                }
                Frames.put(reply, id, options.checksum(answer.getLong()));
                client.write(reply, null, onReplyWritten);
            }
        }

        private void replyWritten(Integer bytes) {
            if (reply.hasRemaining()) {
                client.write(reply, null, onReplyWritten);
            } else {
                readRequest();
            }
        }

        private <V> CompletionHandler<V, Void> handler(Consumer<V> next) {
            return new CompletionHandler<>() {
                @Override
                public void completed(V result, Void nothing) {
                    next.accept(result);
                }

                @Override
                public void failed(Throwable e, Void nothing) {
                    fail(e);
                }
            };
        }

        private void fail(Throwable e) {
            if (!closing) {
                ConnectionFailure.report("cmbench server", e);
            }
            close();
        }

        private void close() {
            Closing.quietly(client);
            if (backend != null) {
                Closing.quietly(backend);
            }
        }
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the server's listener is closed", e);
        }
    }

    @Override
    public int connectionsReady() {
        return ready.get();
    }

    @Override
    public ServerUsage usage() {
        return ServerUsage.ofThisJvm();
    }

    /** Closing the group closes every channel in it and ends its threads. */
    @Override
    public void close() {
        closing = true;
        try {
            group.shutdownNow();
            if (!group.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("async's channel group still running " + STOP_TIMEOUT.toSeconds()
                        + " s after close(): its threads are leaking");
            }
        } catch (IOException e) {
            throw new IllegalStateException("async's channel group did not close: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
