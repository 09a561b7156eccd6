package dev.cmbench.model;

import dev.cmbench.workload.Workload;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every model the suite compares, by the name the benchmarks' {@code model} parameter and the
 * report use. One constant per model, each building its class and saying which configurations
 * it cannot run here.
 */
public enum ModelKind {
    PLATFORM("platform", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new PlatformThreadModel(options);
        }
    },
    FIXED_POOL("fixed-pool", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new FixedPoolModel(options);
        }

        @Override
        public Optional<String> cannotRun(Workload workload, int tasks, ModelOptions options) {
            return Feasibility.slotLimited(id(), "threads", options.poolSize(), tasks, workload.sleep(),
                    workload.compute());
        }
    },
    FORK_JOIN("fork-join", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ForkJoinModel(options);
        }

        /** Its workers do not compensate for Thread.sleep, so it is slot-limited like a fixed pool. */
        @Override
        public Optional<String> cannotRun(Workload workload, int tasks, ModelOptions options) {
            return Feasibility.slotLimited(id(), "workers", options.poolSize(), tasks, workload.sleep(),
                    workload.compute());
        }
    },
    VIRTUAL("virtual", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new VirtualThreadModel(options);
        }
    },
    COMPLETABLE_FUTURE("completable-future", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new CompletableFutureModel(options);
        }
    },
    PROCESS("process", false) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ProcessModel(options, WorkerLaunch.current().withAotCacheTrained()::once);
        }

        @Override
        public Optional<String> cannotRun(Workload workload, int tasks, ModelOptions options) {
            return Feasibility.childJvms(tasks);
        }
    },
    PROCESS_POOL("process-pool", false) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ProcessPoolModel(options, WorkerLaunch.current().serve(options.tasksPerWorker()));
        }

        @Override
        public Optional<String> cannotRun(Workload workload, int tasks, ModelOptions options) {
            return Feasibility.slotLimited(id(), "worker slots", options.poolSize() * options.tasksPerWorker(),
                    tasks, workload.sleep(), workload.compute());
        }
    };

    /** Every thread a model starts is named with this prefix, so leak checks can find it. */
    public static final String THREAD_PREFIX = "cmbench-";

    private final String id;
    private final boolean inProcess;

    ModelKind(String id, boolean inProcess) {
        this.id = id;
        this.inProcess = inProcess;
    }

    public String id() {
        return id;
    }

    /**
     * True when tasks run in this JVM, so any {@link dev.cmbench.workload.Task} will do; the
     * process models run only {@link dev.cmbench.workload.SleepComputeTask}s, which they send
     * to child JVMs as data.
     */
    public boolean inProcess() {
        return inProcess;
    }

    public abstract ConcurrencyModel create(ModelOptions options);

    /** Why this model cannot run {@code tasks} tasks of {@code workload} here; empty if it can. */
    public Optional<String> cannotRun(Workload workload, int tasks, ModelOptions options) {
        return Optional.empty();
    }

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
