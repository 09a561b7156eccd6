package dev.cmbench.bench;

import dev.cmbench.model.ModelKind;

/** Platform or virtual: the two kinds of Java thread the focused benchmarks compare. */
enum ThreadKind implements Named {
    PLATFORM("platform") {
        @Override
        Thread.Builder builder(String name) {
            return Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + name + "-", 0);
        }
    },
    VIRTUAL("virtual") {
        @Override
        Thread.Builder builder(String name) {
            return Thread.ofVirtual().name(ModelKind.THREAD_PREFIX + name + "-", 0);
        }
    };

    private final String id;

    ThreadKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** A builder of named threads of this kind ({@code cmbench-<name>-N}), so leak checks can find them. */
    abstract Thread.Builder builder(String name);

    static ThreadKind named(String id) {
        return Named.lookup(ThreadKind.class, id);
    }
}
