package dev.cmbench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server for testing the generator: a thread per connection that answers each request as a
 * right server would (the backend's answer computed here, from the known salt, then the compute),
 * unless its {@link Fault} says otherwise for that request.
 */
final class ScriptedServer implements AutoCloseable {

    /** What to do to request {@code id}, received at {@code nanos}: answer with this checksum, or null to drop it. */
    interface Fault {
        Long reply(long id, long rightChecksum, long nanos) throws InterruptedException;
    }

    private final ServerSocketChannel listener;
    private final Thread acceptor;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    ScriptedServer(long salt, long computeUnits, Fault fault) throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        acceptor = Thread.ofPlatform().name("scripted-acceptor").start(() -> {
            try {
                while (true) {
                    SocketChannel client = listener.accept();
                    open.add(client);
                    threads.add(Thread.ofPlatform().name("scripted-connection")
                            .start(() -> serve(client, salt, computeUnits, fault)));
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    private static void serve(SocketChannel client, long salt, long computeUnits, Fault fault) {
        try (client) {
            Sockets.tune(client);
            ByteBuffer frame = ByteBuffer.allocate(Frames.BYTES);
            while (Frames.readBlocking(client, frame)) {
                long id = frame.getLong();
                long right = dev.cmbench.workload.ComputeChain.run(Frames.answer(frame.getLong(), salt), computeUnits);
                Long reply = fault.reply(id, right, System.nanoTime());
                if (reply != null) {
                    Frames.writeBlocking(client, Frames.put(frame, id, reply));
                }
            }
        } catch (IOException | InterruptedException e) {
            // closed by the test
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (SocketChannel channel : open) {
            channel.close();
        }
        List<Thread> all = new java.util.ArrayList<>(threads);
        all.add(acceptor);
        dev.cmbench.model.Shutdown.interruptAndJoin(all);
    }
}
