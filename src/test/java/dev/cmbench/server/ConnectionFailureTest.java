package dev.cmbench.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class ConnectionFailureTest {

    @Test
    void aClientThatLeftIsNotAServerFailure() {
        assertTrue(ConnectionFailure.clientLeft(new IOException("Broken pipe")));
        assertTrue(ConnectionFailure.clientLeft(new SocketException("Connection reset")));
        assertTrue(ConnectionFailure.clientLeft(new IOException("Connection reset by peer")));
    }

    @Test
    void anyOtherFailureIsOne() {
        assertFalse(ConnectionFailure.clientLeft(new IOException("No buffer space available")));
        assertFalse(ConnectionFailure.clientLeft(new IOException((String) null)));
        assertFalse(ConnectionFailure.clientLeft(new IllegalStateException("Broken pipe")));
    }

    /** The words are the JDK's own on this OS: a server writing to a client that closed its socket. */
    @Test
    void writingToAClosedLoopbackClientIsRecognisedAsTheClientLeaving() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            try (SocketChannel served = listener.accept()) {
                client.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // a reset, as a killed client gives
                client.close();
                IOException failure = null;
                ByteBuffer reply = ByteBuffer.allocate(64 * 1024);
                for (int i = 0; i < 100 && failure == null; i++) {
                    try {
                        reply.clear();
                        served.write(reply);
                        Thread.sleep(5);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                assertTrue(failure != null, "writing to a closed client fails");
                assertTrue(ConnectionFailure.clientLeft(failure), "recognised: " + failure);
            }
        }
    }
}
