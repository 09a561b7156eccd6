package dev.cmbench.model;

import dev.cmbench.workload.WorkloadShape;
import java.lang.invoke.MethodHandles;
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
        Optional<String> ownLimit(WorkloadShape workload, int tasks, ModelOptions options) {
            return Feasibility.slotLimited(id(), "threads", options.poolSize(), tasks, workload.sleep(),
                    workload.compute());
        }
    },
    /**
     * Not slot-limited, unlike the fixed pool: its tasks sleep in {@code managedBlock}, so the
     * pool adds a thread for each blocked worker, up to {@link ForkJoinModel#MAX_THREADS}.
     */
    FORK_JOIN("fork-join", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ForkJoinModel(options);
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
    ASYNC("async", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new AsyncModel(options);
        }

        /** Every sleep overlaps on the timer; the compute is limited to its pool. */
        @Override
        Optional<String> ownLimit(WorkloadShape workload, int tasks, ModelOptions options) {
            return Feasibility.computeLimited(id(), "pool threads", options.poolSize(), tasks, workload.sleep(),
                    workload.compute());
        }
    },
    EVENT_LOOP("event-loop", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new EventLoopModel(options);
        }

        /** Every sleep overlaps on the loop's timers; every compute runs on its one thread. */
        @Override
        Optional<String> ownLimit(WorkloadShape workload, int tasks, ModelOptions options) {
            return Feasibility.computeLimited(id(), "thread", 1, tasks, workload.sleep(), workload.compute());
        }
    },
    STRUCTURED("structured", true) {
        /** Compiled with preview features: built by name, so only a JVM that builds it needs the flag. */
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return PreviewClasses.create(MethodHandles.lookup(), ConcurrencyModel.class,
                    "dev.cmbench.model.StructuredModel", options);
        }
    },
    COROUTINES("coroutines", true) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new CoroutinesModel(options);
        }
    },
    PROCESS("process", false) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ProcessModel(options, WorkerLaunch.current().withAotCacheTrained()::once);
        }

        @Override
        Optional<String> ownLimit(WorkloadShape workload, int tasks, ModelOptions options) {
            return Feasibility.childJvms(tasks);
        }
    },
    PROCESS_POOL("process-pool", false) {
        @Override
        public ConcurrencyModel create(ModelOptions options) {
            return new ProcessPoolModel(options, WorkerLaunch.current().serve());
        }

        /** Each worker runs one task at a time, however many it has been sent. */
        @Override
        Optional<String> ownLimit(WorkloadShape workload, int tasks, ModelOptions options) {
            return Feasibility.slotLimited(id(), "workers", options.poolSize(), tasks, workload.sleep(),
                    workload.compute());
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

    /**
     * Why this model cannot run {@code tasks} tasks of {@code workload} here; empty if it can. No
     * model can when one task alone takes longer than a batch may.
     */
    public Optional<String> cannotRun(WorkloadShape workload, int tasks, ModelOptions options) {
        return Feasibility.oneTask(workload.sleep(), workload.compute()).or(() -> ownLimit(workload, tasks, options));
    }

    /** This model's own reason why it cannot run the configuration, beyond the one every model has. */
    Optional<String> ownLimit(WorkloadShape workload, int tasks, ModelOptions options) {
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
