package dev.cmbench.load;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * This process's file descriptors, read from {@code /proc/self}: how many sockets are open (a
 * trial must end with as many as it began with), and how many descriptors a process may open.
 */
public final class Descriptors {

    /** Descriptors a JVM holds besides its connections: jars, pipes, epoll and event fds, logs. */
    static final int JVM_OWN = 256;

    private Descriptors() {
    }

    /**
     * Open sockets of this process, or empty where /proc cannot tell (not Linux). The JDK opens one
     * socket pair the first time a socket channel is opened and keeps one end for the life of the JVM
     * (the target its asynchronous close dups over a descriptor); that one is opened before the first
     * count, so that a count before any socket and a count after the last one agree.
     */
    public static Optional<Long> openSockets() {
        NioDispatcher.ensureOpen();
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(fds)) {
            return Optional.of(entries.filter(Descriptors::isSocket).count());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
            return false; // closed while listed
        }
    }

    /**
     * The most descriptors this process may open: the hard limit of {@code ulimit -n}, to which the
     * JVM raises its own soft limit when it starts; empty where /proc cannot tell.
     */
    public static Optional<Long> limit() {
        try {
            return limitIn(Files.readAllLines(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> limitIn(List<String> limits) {
        for (String line : limits) {
            if (line.startsWith("Max open files")) {
                String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                return words[1].equals("unlimited") ? Optional.of(Long.MAX_VALUE) : Optional.of(Long.parseLong(words[1]));
            }
        }
        return Optional.empty();
    }

    /**
     * Descriptors the server's JVM needs for {@code connections} clients: each client connection and
     * its backend connection, plus what a JVM holds anyway. The generator and the backend each need
     * one per connection, in processes of their own.
     */
    public static long serverNeeds(int connections) {
        return 2L * connections + JVM_OWN;
    }

    /** Why {@code connections} connections cannot be opened here, naming the limit; empty if they can. */
    public static Optional<String> tooManyFor(int connections) {
        return limit().filter(limit -> serverNeeds(connections) > limit).map(limit -> connections
                + " connections need " + serverNeeds(connections) + " file descriptors in the server's JVM (a client and a backend "
                + "connection each, and " + JVM_OWN + " for the JVM), over this machine's limit of " + limit
                + " (ulimit -Hn); raise it or use fewer connections");
    }

    /** Opening a channel once initialises the JDK's dispatcher with its lasting socket. */
    private static final class NioDispatcher {
        static {
            try {
                ServerSocketChannel.open().close();
            } catch (IOException e) {
                // no sockets at all here: the counts will say so
            }
        }

        static void ensureOpen() {
            // the static initialiser did it
        }
    }
}
