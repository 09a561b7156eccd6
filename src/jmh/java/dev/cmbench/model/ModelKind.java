package dev.cmbench.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every model the suite compares, by the name the benchmarks' {@code model} parameter and the
 * report use. One constant per model, each building its class.
 */
public enum ModelKind {
    PLATFORM("platform") {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new PlatformThreadModel(options);
        }
    },
    FIXED_POOL("fixed-pool") {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new FixedPoolModel(options);
        }
    },
    FORK_JOIN("fork-join") {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ForkJoinModel(options);
        }
    },
    VIRTUAL("virtual") {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new VirtualThreadModel(options);
        }
    },
    COMPLETABLE_FUTURE("completable-future") {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new CompletableFutureModel(options);
        }
    };

    /** Every thread a model starts is named with this prefix, so leak checks can find it. */
    public static final String THREAD_PREFIX = "cmbench-";

    private final String id;

    ModelKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public abstract ConcurrencyModel create(ModelOptions options);

    /** The model called {@code id}; the error lists the valid names. */
    public static ModelKind named(String id) {
        for (ModelKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "'; known: "
                + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
