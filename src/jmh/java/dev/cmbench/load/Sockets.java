package dev.cmbench.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;

/** What every socket of the harness and of every server kind is set to, so that all pay the same. */
public final class Sockets {

    /** Listen backlog: the kernel caps it at net.core.somaxconn. */
    public static final int BACKLOG = 4096;

    private Sockets() {
    }

    /**
     * TCP_NODELAY: a 16-byte frame goes out at once. Without it, Nagle's algorithm holds a small
     * write until the previous one is acknowledged, and with delayed acknowledgements a request can
     * wait 40 ms that no server caused.
     */
    public static void tune(NetworkChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /** Cancels the key and closes its channel, ignoring a failure to close (the peer may be gone). */
    public static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // already broken: closed enough
        }
    }
}
