package dev.cmbench.bench;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-thread data, the JVM's {@code threading.local}: a value code deep in a call chain reads
 * without it being passed as an argument.
 */
enum ContextKind implements Named {
    /**
     * The control: no per-thread data, the value passed in as it is. Its read is the read loop
     * and the Blackhole alone; its carry is a bare start + join of the same child, which writes the
     * value it was handed, so what a kind's carry costs beyond a thread's start + join is the
     * difference from this row, measured in the same forks' conditions.
     */
    NONE("none", null) {
        @Override
        long readLoop(long value, int reads, Blackhole blackhole) {
            long sum = 0;
            for (int i = 0; i < reads; i++) {
                blackhole.consume(value);
                sum += value;
            }
            return sum;
        }

        @Override
        long readInChild(long value, Thread.Builder children) throws InterruptedException {
            long[] seen = new long[1];
            children.start(() -> seen[0] = value).join();
            return seen[0];
        }
    },
    THREAD_LOCAL("thread-local", new ThreadLocal<>()) {
        /** Not inherited: the parent reads it and the child sets it again. */
        @Override
        long readInChild(long value, Thread.Builder children) throws InterruptedException {
            long captured = local.get();
            long[] seen = new long[1];
            children.start(() -> {
                local.set(captured);
                try {
                    seen[0] = local.get();
                } finally {
                    local.remove();
                }
            }).join();
            return seen[0];
        }
    },
    INHERITABLE_THREAD_LOCAL("inheritable-thread-local", new InheritableThreadLocal<>()) {
        /** Copied into every thread the parent creates, which is its cost. */
        @Override
        long readInChild(long value, Thread.Builder children) throws InterruptedException {
            long[] seen = new long[1];
            children.start(() -> seen[0] = local.get()).join();
            return seen[0];
        }
    },
    SCOPED_VALUE("scoped-value", null) {
        private final ScopedValue<Long> scoped = ScopedValue.newInstance();

        /** Bound per invocation, around the reads: a scoped value only exists inside its scope. */
        @Override
        long readLoop(long value, int reads, Blackhole blackhole) {
            return ScopedValue.where(scoped, value).call(() -> {
                long sum = 0;
                for (int i = 0; i < reads; i++) {
                    long v = scoped.get();
                    blackhole.consume(v);
                    sum += v;
                }
                return sum;
            });
        }

        /**
         * Plain threads do not inherit bindings (only StructuredTaskScope forks do, a preview API
         * in JDK 25), so the child binds again what the parent read.
         */
        @Override
        long readInChild(long value, Thread.Builder children) throws InterruptedException {
            return ScopedValue.where(scoped, value).call(() -> {
                long captured = scoped.get();
                long[] seen = new long[1];
                children.start(() -> seen[0] = ScopedValue.where(scoped, captured).call(scoped::get)).join();
                return seen[0];
            });
        }
    };

    private final String id;
    /** The thread-local of the two thread-local kinds; null for the scoped value and the control. */
    final ThreadLocal<Long> local;

    ContextKind(String id, ThreadLocal<Long> local) {
        this.id = id;
        this.local = local;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Sets the value on the calling thread for the whole trial; nothing for the kinds without a
     * thread-local (a scoped value is bound per call instead: it only exists inside its scope).
     */
    void bind(long value) {
        if (local != null) {
            local.set(value);
        }
    }

    void unbind() {
        if (local != null) {
            local.remove();
        }
    }

    /** Reads the value {@code reads} times on the calling thread; returns their sum. */
    long readLoop(long value, int reads, Blackhole blackhole) {
        long sum = 0;
        for (int i = 0; i < reads; i++) {
            long v = local.get();
            blackhole.consume(v);
            sum += v;
        }
        return sum;
    }

    /** Starts a child from {@code children} that reads the value, joins it; returns what it read. */
    abstract long readInChild(long value, Thread.Builder children) throws Exception;

    static ContextKind named(String id) {
        return Named.lookup(ContextKind.class, id);
    }
}
