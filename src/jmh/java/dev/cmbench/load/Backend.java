package dev.cmbench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import dev.cmbench.model.Shutdown;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The downstream service every server kind calls: it answers each request after exactly the
 * workload's sleep, with a value ({@link Frames#answer}) that depends on a salt drawn when it
 * starts, so that a server which skipped the call could not reply with the right checksum.
 *
 * <p>Two threads. A selector thread accepts, reads requests and stamps their arrival; a timer
 * thread, parked until the oldest request is due, writes its answer. Every request waits the same
 * sleep, so deadlines come in arrival order and a FIFO queue is the whole timer wheel. Why not
 * timers on the selector thread: a selector's timeout has millisecond resolution, and a thread that
 * parked for the sub-millisecond rest would stop reading and stamp later arrivals late. The timer
 * thread parks with a timer slack of 1 ns where Linux allows ({@link HarnessScheduling}), and how late it
 * still answers is recorded ({@link #lateness()}).
 *
 * <p>It runs in a process of its own in the benchmarks ({@link HarnessMain}), so that its CPU is
 * not the server's, and in-process in tests.
 */
public final class Backend implements AutoCloseable {

    /** Largest lateness the histogram holds; later answers are recorded at this value. */
    private static final long MAX_LATENESS_NANOS = Duration.ofSeconds(60).toNanos();
    private static final int READ_BUFFER_FRAMES = 64;

    private final long sleepNanos;
    private final long salt = ThreadLocalRandom.current().nextLong();
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Due> due = new ConcurrentLinkedQueue<>();
    private final Recorder lateness = new Recorder(1, MAX_LATENESS_NANOS, 2);
    private final Thread reader;
    private final Thread timer;
    private volatile boolean timerIdle;
    private volatile boolean closed;
    private volatile long served;
    private volatile long stalledWrites;

    private record Due(SocketChannel channel, long id, long value, long deadlineNanos) {
    }

    private Backend(Duration sleep) throws IOException {
        this.sleepNanos = sleep.toNanos();
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Sockets.BACKLOG);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.reader = Thread.ofPlatform().name("cmbench-backend-reader").daemon().unstarted(this::readLoop);
        this.timer = Thread.ofPlatform().name("cmbench-backend-timer").daemon().unstarted(this::answerLoop);
    }

    /** A backend answering after {@code sleep} on a loopback port of its own. */
    public static Backend start(Duration sleep) throws IOException {
        if (sleep.isNegative()) {
            throw new IllegalArgumentException("sleep must not be negative, got " + sleep);
        }
        Backend backend = new Backend(sleep);
        backend.reader.start();
        backend.timer.start();
        return backend;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.socket().getLocalPort());
    }

    public long salt() {
        return salt;
    }

    /** Requests answered since the start. */
    public long served() {
        return served;
    }

    /** Answers that found the server's receive buffer full and had to be retried. */
    public long stalledWrites() {
        return stalledWrites;
    }

    /** How late answers were written, past their due time, since the last call (ns). */
    public Histogram lateness() {
        return lateness.getIntervalHistogram();
    }

    private void readLoop() {
        try {
            while (!closed) {
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
                        read(key);
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("cmbench backend: " + e);
            }
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            Sockets.tune(channel);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(Frames.BYTES * READ_BUFFER_FRAMES));
        }
    }

    private void read(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        int read;
        try {
            read = channel.read(buffer);
        } catch (IOException e) {
            read = -1; // reset by the server: the connection is over
        }
        if (read < 0) {
            Sockets.closeQuietly(key);
            return;
        }
        long arrival = System.nanoTime();
        buffer.flip();
        while (buffer.remaining() >= Frames.BYTES) {
            long id = buffer.getLong();
            long seed = buffer.getLong();
            due.add(new Due(channel, id, Frames.answer(seed, salt), arrival + sleepNanos));
        }
        buffer.compact();
        if (timerIdle) {
            LockSupport.unpark(timer);
        }
    }

    private void answerLoop() {
        HarnessScheduling.minimizeTimerSlack();
        ByteBuffer answer = ByteBuffer.allocateDirect(Frames.BYTES);
        while (!closed) {
            Due next = due.peek();
            if (next == null) {
                // The reader reads timerIdle after it adds: either it sees true and unparks, or
                // its add came first and isEmpty() below sees it.
                timerIdle = true;
                if (due.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                timerIdle = false;
                continue;
            }
            long wait = next.deadlineNanos() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            due.poll();
            write(next, Frames.put(answer, next.id(), next.value()));
            lateness.recordValue(Math.min(MAX_LATENESS_NANOS, Math.max(1, -wait)));
            served++; // one writer: this thread
        }
    }

    private void write(Due next, ByteBuffer answer) {
        try {
            next.channel().write(answer);
            while (answer.hasRemaining()) {
                stalledWrites++; // one writer: this thread
                Thread.onSpinWait();
                next.channel().write(answer);
            }
        } catch (IOException e) {
            // the server closed this connection: nobody waits for the answer
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        LockSupport.unpark(timer);
        Shutdown.joinAll(List.of(reader, timer));
        for (SelectionKey key : selector.keys()) {
            Sockets.closeQuietly(key);
        }
        try {
            selector.close();
            listener.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
