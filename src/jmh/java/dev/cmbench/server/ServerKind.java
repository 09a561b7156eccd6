package dev.cmbench.server;

import dev.cmbench.model.WorkerLaunch;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every server kind the suite loads, by the name the benchmark's {@code kind} parameter and the
 * report use; where a kind is the socket counterpart of a batch model it has that model's name.
 * Each serves the same request the same way (see {@link RunningServer}); what differs is what
 * waits while the backend answers: a thread, a virtual thread, a state machine, a callback chain,
 * a coroutine or a whole process.
 */
public enum ServerKind {
    PLATFORM("platform", false) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new ThreadPerConnectionServer(options, Thread.ofPlatform().name("cmbench-server-conn-", 0).factory());
        }
    },
    FIXED_POOL("fixed-pool", true) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new SelectorPoolServer(options);
        }
    },
    VIRTUAL("virtual", false) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new ThreadPerConnectionServer(options, Thread.ofVirtual().name("cmbench-server-vconn-", 0).factory());
        }
    },
    EVENT_LOOP("event-loop", false) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new EventLoopServer(options, 1);
        }
    },
    LOOP_PER_CORE("loop-per-core", true) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new EventLoopServer(options, options.poolSize());
        }
    },
    ASYNC("async", true) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new AsyncChannelServer(options);
        }
    },
    COROUTINES("coroutines", false) {
        @Override
        RunningServer start(ServerOptions options) {
            return new CoroutineServer(options);
        }
    },
    /** The control for {@code coroutines}: the same coroutines over NIO.2 channels, without ktor's socket layer. */
    COROUTINES_NIO2("coroutines-nio2", true) {
        @Override
        RunningServer start(ServerOptions options) throws IOException {
            return new CoroutineNio2Server(options);
        }
    },
    PREFORK("prefork", true) {
        @Override
        RunningServer start(ServerOptions options) throws IOException, InterruptedException {
            return new PreforkServer(options, WorkerLaunch.current());
        }
    };

    private final String id;
    private final boolean pooled;

    ServerKind(String id, boolean pooled) {
        this.id = id;
        this.pooled = pooled;
    }

    public String id() {
        return id;
    }

    /** True if {@link ServerOptions#poolSize()} sizes something of this kind (threads, loops, workers). */
    public boolean pooled() {
        return pooled;
    }

    /** Starts this kind on an ephemeral loopback port; it serves until closed. */
    abstract RunningServer start(ServerOptions options) throws IOException, InterruptedException;

    /** Starts this kind on an ephemeral loopback port; it serves until closed. */
    public RunningServer serve(ServerOptions options) throws IOException, InterruptedException {
        return start(options);
    }

    /** The kind called {@code id}; the error lists the valid names. */
    public static ServerKind named(String id) {
        for (ServerKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server kind '" + id + "'; known: "
                + Arrays.stream(values()).map(ServerKind::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
