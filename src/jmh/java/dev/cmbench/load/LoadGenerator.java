package dev.cmbench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import dev.cmbench.model.Shutdown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator, after wrk2: requests go out on a fixed schedule, request
 * {@code k} of a step at {@code t0 + k / rate} on connection {@code k mod C}, whether or not the
 * server has answered the earlier ones, and each request's latency runs from that intended send
 * time to its reply. A server that stalls therefore shows the stall in every request scheduled
 * during it; a generator that waited for each reply before sending the next (closed loop) would
 * send fewer requests during a stall and time only the few caught in it (coordinated omission).
 *
 * <p>Two threads: the caller of {@link #runStep} sends, parked between sends with a timer slack of
 * 1 ns where Linux allows; a receiver thread reads every connection through one selector, checks
 * each reply and records its latency. A request the server has not answered by the end of the
 * drain counts as a time-out, and its latency so far, a lower bound, is recorded too, so that a
 * server that falls behind cannot look fast by leaving the slowest requests out. How late the
 * sender itself sends is recorded apart: a step in which that lateness is a large part of the
 * latency ({@link StepResult#generatorBehind()}) measured the harness as much as the server.
 *
 * <p>It runs in a process of its own in the benchmarks ({@link HarnessMain}), and in-process in tests.
 */
public final class LoadGenerator implements AutoCloseable {

    /** Largest latency the histogram holds; longer ones are recorded at this value. */
    static final long MAX_LATENCY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int CONNECTS_IN_FLIGHT = 256;
    /** Between publishing a step and its first request, so that the receiver sees the step first. */
    private static final long START_DELAY_NANOS = Duration.ofMillis(2).toNanos();

    private final ExpectedReplies expected;
    private final Connection[] connections;
    private final Selector selector;
    private final Thread receiver;
    private final Recorder latency = new Recorder(1, MAX_LATENCY_NANOS, 3);
    private final Recorder sendLag = new Recorder(1, MAX_LATENCY_NANOS, 2);
    private final ByteBuffer outgoing = ByteBuffer.allocateDirect(Frames.BYTES);
    private final List<Connection> pending = new ArrayList<>();
    private long nextId;
    private volatile Step current;
    private volatile Step closeRequest;
    private volatile boolean closed;

    /** One connection: its receive state (receiver thread) and the bytes the sender could not yet write (sender thread). */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer received = ByteBuffer.allocate(Frames.BYTES * 64);
        ByteBuffer unsent;
        /** The id of the last reply on this connection; ids on a connection step by the connection count. */
        long lastAnswered;

        Connection(SocketChannel channel, long lastAnswered) {
            this.channel = channel;
            this.lastAnswered = lastAnswered;
        }
    }

    /** One load step: its schedule, and its counts, which only the receiver thread writes until it is closed. */
    private static final class Step {
        final long firstId;
        final long count;
        final long startNanos;
        final double periodNanos;
        final long windowEndNanos;
        final Thread waiter;
        /** Volatile: the sender polls it while it drains. */
        volatile long answered;
        /** Requests the server skipped, found when a later reply on their connection overtook them. */
        volatile long lost;
        /** Replies of any step, received while this one sent, and until it closed. */
        long repliesInWindow;
        long replies;
        long timeouts;
        long errors;
        String firstError = "";
        long lateFromEarlier;
        volatile boolean closedByReceiver;

        Step(long firstId, long count, long startNanos, double periodNanos, long lengthNanos, Thread waiter) {
            this.firstId = firstId;
            this.count = count;
            this.startNanos = startNanos;
            this.periodNanos = periodNanos;
            this.windowEndNanos = startNanos + lengthNanos;
            this.waiter = waiter;
        }

        long intendedNanos(long id) {
            return startNanos + (long) ((id - firstId) * periodNanos);
        }

        boolean holds(long id) {
            return id >= firstId && id < firstId + count;
        }

        void error(String what) {
            if (errors++ == 0) {
                firstError = what;
            }
        }
    }

    private LoadGenerator(ExpectedReplies expected, Connection[] connections, Selector selector) {
        this.expected = expected;
        this.connections = connections;
        this.selector = selector;
        this.receiver = Thread.ofPlatform().name("cmbench-generator-receiver").daemon().unstarted(this::receiveLoop);
    }

    /** Opens {@code count} connections to {@code server} and starts reading them. */
    public static LoadGenerator connect(InetSocketAddress server, int count, ExpectedReplies expected)
            throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("connections must be >= 1, got " + count);
        }
        Selector selector = Selector.open();
        Connection[] connections = new Connection[count];
        try {
            openAll(server, connections, selector);
        } catch (IOException | RuntimeException e) {
            for (SelectionKey key : selector.keys()) {
                Sockets.closeQuietly(key);
            }
            selector.close();
            throw e;
        }
        LoadGenerator generator = new LoadGenerator(expected, connections, selector);
        generator.receiver.start();
        return generator;
    }

    /** Non-blocking connects, at most {@value #CONNECTS_IN_FLIGHT} at a time so as not to overflow the listen queue. */
    private static void openAll(InetSocketAddress server, Connection[] connections, Selector selector) throws IOException {
        int opened = 0;
        int inFlight = 0;
        int done = 0;
        while (done < connections.length) {
            while (opened < connections.length && inFlight < CONNECTS_IN_FLIGHT) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                Sockets.tune(channel);
                Connection connection = new Connection(channel, opened - (long) connections.length);
                connections[opened++] = connection;
                if (channel.connect(server)) {
                    channel.register(selector, SelectionKey.OP_READ, connection);
                    done++;
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, connection);
                    inFlight++;
                }
            }
            selector.select(1_000);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (key.isConnectable() && ((SocketChannel) key.channel()).finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                    inFlight--;
                    done++;
                }
            }
        }
    }

    /**
     * Sends {@code rate} requests per second for {@code length}, waits up to {@code drain} after
     * the last for the replies, and returns what it saw. Call from one thread at a time.
     */
    public StepResult runStep(double rate, Duration length, Duration drain) throws InterruptedException {
        if (!(rate > 0) || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a step needs a positive rate and length, got " + rate + "/s for " + length);
        }
        HarnessScheduling.minimizeTimerSlack();
        long cpuBefore = ProcessCpu.nanos();
        latency.getIntervalHistogram(); // nothing recorded before this step belongs to it
        sendLag.getIntervalHistogram();
        long count = Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        Step step = new Step(nextId, count, System.nanoTime() + START_DELAY_NANOS, 1e9 / rate, length.toNanos(),
                Thread.currentThread());
        current = step;
        for (long id = step.firstId; id < step.firstId + count; id++) {
            long due = step.intendedNanos(id);
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(this, due - now);
                now = System.nanoTime();
            }
            sendLag.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(1, now - due)));
            writePending();
            send(id);
        }
        nextId = step.firstId + count;
        long drainEnd = step.windowEndNanos + drain.toNanos();
        while (System.nanoTime() < drainEnd && (!pending.isEmpty() || step.answered + step.lost < count)) {
            writePending();
            LockSupport.parkNanos(this, Math.min(drainEnd - System.nanoTime(), Duration.ofMillis(1).toNanos()));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        closeRequest = step;
        selector.wakeup();
        while (!step.closedByReceiver) {
            LockSupport.parkNanos(this, Duration.ofMillis(1).toNanos());
            if (closed) {
                throw new IllegalStateException("the generator was closed during a step");
            }
        }
        Histogram stepLatency = latency.getIntervalHistogram();
        long lagP99 = sendLag.getIntervalHistogram().getValueAtPercentile(99);
        return new StepResult(rate, length.toNanos(), count, step.answered, step.timeouts, step.errors, step.firstError,
                step.lateFromEarlier, step.repliesInWindow, step.replies, lagP99, ProcessCpu.nanos() - cpuBefore, stepLatency);
    }

    private void send(long id) {
        Connection connection = connections[(int) (id % connections.length)];
        Frames.put(outgoing, id, expected.seed(id));
        if (connection.unsent != null) {
            connection.unsent = append(connection.unsent, outgoing); // keep the connection's order
            return;
        }
        try {
            connection.channel.write(outgoing);
        } catch (IOException e) {
            return; // the server closed it: the receiver reports the connection as an error
        }
        if (outgoing.hasRemaining()) {
            connection.unsent = append(ByteBuffer.allocate(0), outgoing);
            pending.add(connection);
        }
    }

    private static ByteBuffer append(ByteBuffer unsent, ByteBuffer more) {
        ByteBuffer joined = ByteBuffer.allocate(unsent.remaining() + more.remaining());
        joined.put(unsent).put(more).flip();
        return joined;
    }

    /** Writes what earlier sends could not, in order; a connection leaves the list once it is empty. */
    private void writePending() {
        for (Iterator<Connection> it = pending.iterator(); it.hasNext(); ) {
            Connection connection = it.next();
            try {
                connection.channel.write(connection.unsent);
            } catch (IOException e) {
                connection.unsent.position(connection.unsent.limit());
            }
            if (!connection.unsent.hasRemaining()) {
                connection.unsent = null;
                it.remove();
            }
        }
    }

    private void receiveLoop() {
        try {
            while (!closed) {
                selector.select();
                long now = System.nanoTime();
                Step step = current;
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        read(key, (Connection) key.attachment(), step, now);
                    }
                }
                Step closing = closeRequest;
                if (closing != null && !closing.closedByReceiver) {
                    close(closing, System.nanoTime());
                }
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("cmbench generator: " + e);
            }
        }
    }

    private void read(SelectionKey key, Connection connection, Step step, long now) {
        int read;
        try {
            read = connection.channel.read(connection.received);
        } catch (IOException e) {
            read = -1;
        }
        if (read < 0) {
            key.cancel();
            if (step != null && !closed) {
                step.error("the server closed a connection");
            }
            return;
        }
        ByteBuffer buffer = connection.received.flip();
        while (buffer.remaining() >= Frames.BYTES) {
            reply(connection, buffer.getLong(), buffer.getLong(), step, now);
        }
        buffer.compact();
    }

    private void reply(Connection connection, long id, long checksum, Step step, long now) {
        if (step == null) {
            return;
        }
        long expectedId = connection.lastAnswered + connections.length;
        if (id < expectedId) {
            step.error("reply to request " + id + " came twice or out of order");
        }
        for (long skipped = expectedId; skipped < id; skipped += connections.length) {
            step.error("no reply to request " + skipped + " before the reply to request " + id);
            if (!step.closedByReceiver && step.holds(skipped)) { // lost: its wait so far stands for its latency
                latency.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(1, now - step.intendedNanos(skipped))));
                step.lost = step.lost + 1;
            }
        }
        connection.lastAnswered = Math.max(connection.lastAnswered, id);
        if (!expected.matches(id, checksum)) {
            step.error("reply to request " + id + " has checksum " + checksum + ", not the expected one");
        }
        if (step.closedByReceiver) {
            return;
        }
        step.replies++;
        if (now <= step.windowEndNanos) {
            step.repliesInWindow++;
        }
        if (!step.holds(id)) {
            step.lateFromEarlier++;
            return;
        }
        latency.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(1, now - step.intendedNanos(id))));
        step.answered = step.answered + 1; // one writer: the receiver thread
        if (step.answered + step.lost == step.count) {
            LockSupport.unpark(step.waiter);
        }
    }

    /** Counts each request of the step with no reply yet as a time-out, at the latency it has reached. */
    private void close(Step step, long now) {
        long end = step.firstId + step.count;
        int n = connections.length;
        for (Connection connection : connections) {
            long first = connection.lastAnswered + n;
            if (first < step.firstId) {
                first += Math.ceilDiv(step.firstId - first, n) * (long) n;
            }
            for (long id = first; id < end; id += n) {
                latency.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(1, now - step.intendedNanos(id))));
                step.timeouts++;
            }
        }
        step.closedByReceiver = true;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        Shutdown.joinAll(List.of(receiver));
        for (SelectionKey key : selector.keys()) {
            Sockets.closeQuietly(key);
        }
        for (Connection connection : connections) {
            try {
                connection.channel.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
