package dev.cmbench.server;

import java.net.InetSocketAddress;

/**
 * A server kind, started: it accepts connections on a loopback port, opens a backend connection for
 * each, and serves each connection's requests in order, one at a time (see
 * {@link dev.cmbench.load.Frames}): read a request, call the backend, compute on its answer, reply.
 */
public interface RunningServer extends AutoCloseable {

    /** Where clients connect. */
    InetSocketAddress address();

    /** Client connections accepted whose backend connection is open: ready to serve. */
    int connectionsReady();

    /** CPU time and heap bytes allocated so far by everything the server runs on (its JVM or JVMs). */
    ServerUsage usage();

    /**
     * Stops accepting, closes every connection, and ends every thread and process the server
     * started; throws if one would not end, since that is a leak.
     */
    @Override
    void close();
}
