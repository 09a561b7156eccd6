package dev.cmbench.bench;

/**
 * What {@link StartJoinBenchmark} starts and joins: a platform or a virtual thread, a subtask in
 * a {@code StructuredTaskScope}, or a Kotlin coroutine.
 */
enum StartJoinKind implements Named {
    PLATFORM("platform") {
        @Override
        Starter starter() {
            return threads(ThreadKind.PLATFORM.builder("start-join"));
        }
    },
    VIRTUAL("virtual") {
        @Override
        Starter starter() {
            return threads(ThreadKind.VIRTUAL.builder("start-join"));
        }
    },
    /** Open a scope, fork a subtask (a new virtual thread), join, close. */
    STRUCTURED("structured") {
        @Override
        Starter starter() {
            return ChildScopes.structured()::startJoin;
        }
    },
    /** {@code runBlocking { launch(Dispatchers.Default) { … }.join() }}: no new thread, a pool thread runs it. */
    COROUTINE("coroutine") {
        @Override
        Starter starter() {
            return ChildScopes.coroutines()::startJoin;
        }
    };

    private final String id;

    StartJoinKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Starts and joins units of this kind (built once, outside the measurement). */
    abstract Starter starter();

    static StartJoinKind named(String id) {
        return Named.lookup(StartJoinKind.class, id);
    }

    /** Starts one unit that returns {@code value}, joins it, and returns what it returned. */
    interface Starter {
        long startJoin(long value) throws Exception;
    }

    /** A thread per call: it writes the value, and join's happens-before makes the write visible. */
    private static Starter threads(Thread.Builder builder) {
        return value -> {
            long[] seen = new long[1];
            Thread thread = builder.start(() -> seen[0] = value);
            thread.join();
            return seen[0];
        };
    }
}
