package dev.cmbench.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Ways to stop a task that sleeps; each {@link Victim} is started, then cancelled. Kinds that
 * {@link #interrupts() interrupt} stop the task and are timed to its end ({@link CancelBenchmark});
 * the one that does not is timed until its cancel returns ({@link CancelReturnsBenchmark}). The
 * {@code structured} and {@code coroutine} kinds stop their task too, each its library's way.
 */
enum CancelKind implements Named {
    /** {@code Future.cancel(true)} on a one-thread pool: interrupts the pool thread. */
    FUTURE_POOL("future-pool") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) {
            Future<?> future = executors.pool().submit(task);
            return () -> future.cancel(true);
        }
    },
    /** {@code Future.cancel(true)} on a virtual-thread-per-task executor: interrupts the virtual thread. */
    FUTURE_VIRTUAL("future-virtual") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) {
            Future<?> future = executors.virtual().submit(task);
            return () -> future.cancel(true);
        }
    },
    /**
     * {@code CompletableFuture.cancel(true)}: completes the future at once but, as its Javadoc
     * says, does not interrupt: the task keeps sleeping.
     */
    COMPLETABLE_FUTURE("completable-future") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) {
            CompletableFuture<Void> future = CompletableFuture.runAsync(task, executors.virtual());
            return () -> future.cancel(true);
        }

        @Override
        boolean interrupts() {
            return false;
        }
    },
    /** {@code Thread.interrupt()} of a sleeping platform thread. */
    INTERRUPT_PLATFORM("interrupt-platform") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) {
            Thread thread = ThreadKind.PLATFORM.builder("cancel-victim").start(task);
            return () -> {
                thread.interrupt();
                return true;
            };
        }
    },
    /** {@code Thread.interrupt()} of a sleeping virtual thread. */
    INTERRUPT_VIRTUAL("interrupt-virtual") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) {
            Thread thread = ThreadKind.VIRTUAL.builder("cancel-victim").start(task);
            return () -> {
                thread.interrupt();
                return true;
            };
        }
    },
    /**
     * A sibling's failure in a {@code StructuredTaskScope}: the victim sleeps in a subtask (a
     * virtual thread); the cancel forks a sibling that throws, and the scope's joiner cancels
     * the scope, interrupting the victim. The scope has no call that cancels one subtask.
     */
    STRUCTURED("structured") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) throws Exception {
            return victim(ChildScopes.structured().startSleeper(task));
        }
    },
    /** {@code Job.cancel()} of a Kotlin coroutine suspended in {@code delay}: it resumes with a CancellationException. */
    COROUTINE("coroutine") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task) throws Exception {
            return victim(ChildScopes.coroutines().startSleeper(task));
        }
    };

    private final String id;

    CancelKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Starts {@code task} this kind's way; the returned victim cancels it. */
    abstract Victim start(TaskExecutors executors, SleepingTask task) throws Exception;

    private static Victim victim(ChildScope.Sleeper sleeper) {
        return new Victim() {
            @Override
            public boolean cancel() {
                return sleeper.cancel();
            }

            @Override
            public void end(SleepingTask task) throws InterruptedException {
                sleeper.end();
            }
        };
    }

    /** Whether cancelling reaches the task itself (an interrupt), so that the task ends. */
    boolean interrupts() {
        return true;
    }

    static CancelKind named(String id) {
        return Named.lookup(CancelKind.class, id);
    }

    /**
     * The kind {@code id} names, if its {@link #interrupts()} is {@code stops}; otherwise the
     * error names the benchmark that measures it.
     */
    static CancelKind named(String id, boolean stops) {
        CancelKind kind = named(id);
        if (kind.interrupts() != stops) {
            throw new IllegalArgumentException(stops
                    ? id + " does not stop its task (its cancel does not interrupt): CancelReturnsBenchmark measures it"
                    : id + " stops its task: CancelBenchmark measures it");
        }
        return kind;
    }

    /** The executors tasks may run on: a pre-started one-thread pool, and a virtual thread per task. */
    record TaskExecutors(ExecutorService pool, ExecutorService virtual) {

        static TaskExecutors open() {
            ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(1,
                    ThreadKind.PLATFORM.builder("cancel-pool").factory());
            pool.prestartAllCoreThreads();
            return new TaskExecutors(pool, Executors.newThreadPerTaskExecutor(
                    ThreadKind.VIRTUAL.builder("cancel-virtual").factory()));
        }

        void close() {
            for (ExecutorService executor : List.of(pool, virtual)) {
                executor.shutdownNow();
                executor.close();
            }
        }
    }

    /** A running task, and how to cancel it. */
    interface Victim {
        /** Cancels the task; false if it could not be cancelled (a {@code Future} already done). */
        boolean cancel();

        /** Cancels the task, which sleeps, so the cancel must succeed: a refused one fails instead of being timed. */
        default void cancelSleeping() {
            if (!cancel()) {
                throw new IllegalStateException("expected cancel to succeed on a sleeping victim; it returned false");
            }
        }

        /**
         * Ends {@code task} if it still runs (its cancel did not end it, or never came), waits for
         * its end, and releases what its kind opened for it; a second call does nothing.
         */
        default void end(SleepingTask task) throws InterruptedException {
            task.end();
        }
    }
}
