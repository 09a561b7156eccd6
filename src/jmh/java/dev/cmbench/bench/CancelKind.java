package dev.cmbench.bench;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 *
 * <p>A kind's victim runs on a {@link VictimThread} fresh or warm, where the kind allows both:
 * {@code Future.cancel(true)} and {@code Thread.interrupt()} are the same interrupt, and a fresh
 * victim's wake-up costs more than a warm one's, so each is timed both ways. A subtask of a
 * {@code StructuredTaskScope} is always a new virtual thread (fresh only); a coroutine always
 * runs on the dispatcher's long-lived threads (warm only).
 */
enum CancelKind implements Named {
    /** {@code Future.cancel(true)} on a one-thread pool: interrupts the pool thread. */
    FUTURE_POOL("future-pool") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) {
            ExecutorService pool = thread == VictimThread.WARM ? executors.platformPool() : TaskExecutors.freshPool();
            Future<?> future = pool.submit(task);
            return closing(() -> future.cancel(true), thread == VictimThread.WARM ? null : pool);
        }
    },
    /** {@code Future.cancel(true)} of a task on a virtual thread: interrupts the virtual thread. */
    FUTURE_VIRTUAL("future-virtual") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) {
            ExecutorService executor = thread == VictimThread.WARM ? executors.virtualPool() : executors.virtualPerTask();
            Future<?> future = executor.submit(task);
            return () -> future.cancel(true);
        }
    },
    /**
     * {@code CompletableFuture.cancel(true)}: completes the future at once but, as its Javadoc
     * says, does not interrupt: the task keeps sleeping, so its thread's freshness is no part of it.
     */
    COMPLETABLE_FUTURE("completable-future") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) {
            CompletableFuture<Void> future = CompletableFuture.runAsync(task, executors.virtualPerTask());
            return () -> future.cancel(true);
        }

        @Override
        boolean interrupts() {
            return false;
        }
    },
    /** {@code Thread.interrupt()} of a sleeping platform thread: a new one, or the one thread of a pool. */
    INTERRUPT_PLATFORM("interrupt-platform") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) {
            if (thread == VictimThread.WARM) {
                executors.platformPool().execute(task);
                return interrupting(task);
            }
            Thread fresh = ThreadKind.PLATFORM.builder("cancel-victim").start(task);
            return () -> {
                fresh.interrupt();
                return true;
            };
        }
    },
    /** {@code Thread.interrupt()} of a sleeping virtual thread: a new one, or the one thread of a pool. */
    INTERRUPT_VIRTUAL("interrupt-virtual") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) {
            if (thread == VictimThread.WARM) {
                executors.virtualPool().execute(task);
                return interrupting(task);
            }
            Thread fresh = ThreadKind.VIRTUAL.builder("cancel-victim").start(task);
            return () -> {
                fresh.interrupt();
                return true;
            };
        }
    },
    /**
     * A sibling's failure in a {@code StructuredTaskScope}: the victim sleeps in a subtask (a
     * new virtual thread); the cancel forks a sibling that throws, and the scope's joiner cancels
     * the scope, interrupting the victim. The scope has no call that cancels one subtask.
     */
    STRUCTURED("structured") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) throws Exception {
            return victim(ChildScopes.structured().startSleeper(task));
        }

        @Override
        Set<VictimThread> victimThreads() {
            return EnumSet.of(VictimThread.FRESH);
        }
    },
    /**
     * {@code Job.cancel()} of a Kotlin coroutine suspended in {@code delay}: it resumes with a
     * CancellationException on one of the dispatcher's long-lived threads.
     */
    COROUTINE("coroutine") {
        @Override
        Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) throws Exception {
            return victim(ChildScopes.coroutines().startSleeper(task));
        }

        @Override
        Set<VictimThread> victimThreads() {
            return EnumSet.of(VictimThread.WARM);
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

    /** Starts {@code task} this kind's way, on a {@code thread} fresh or warm; the returned victim cancels it. */
    abstract Victim start(TaskExecutors executors, SleepingTask task, VictimThread thread) throws Exception;

    /** The victim threads this kind can have; both unless its library decides. */
    Set<VictimThread> victimThreads() {
        return EnumSet.allOf(VictimThread.class);
    }

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

    /** Interrupts the thread that runs {@code task}: a pool's, which the task names when it starts. */
    private static Victim interrupting(SleepingTask task) {
        return () -> {
            task.thread().interrupt();
            return true;
        };
    }

    /** {@code cancel}, and once the task has ended, {@code pool} shut down, if there is one. */
    private static Victim closing(Victim cancel, ExecutorService pool) {
        return new Victim() {
            @Override
            public boolean cancel() {
                return cancel.cancel();
            }

            @Override
            public void end(SleepingTask task) throws InterruptedException {
                task.end();
                if (pool != null) {
                    pool.shutdown();
                    pool.close();
                }
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

    /**
     * The executors victims may run on: a pre-started one-thread platform pool and a one-thread
     * pool whose thread is virtual (warm victims), and a virtual thread per task (fresh ones).
     */
    record TaskExecutors(ExecutorService platformPool, ExecutorService virtualPool, ExecutorService virtualPerTask) {

        static TaskExecutors open() {
            ThreadPoolExecutor virtualPool = (ThreadPoolExecutor) Executors.newFixedThreadPool(1,
                    ThreadKind.VIRTUAL.builder("cancel-virtual-pool").factory());
            virtualPool.prestartAllCoreThreads();
            return new TaskExecutors(freshPool(), virtualPool, Executors.newThreadPerTaskExecutor(
                    ThreadKind.VIRTUAL.builder("cancel-virtual").factory()));
        }

        /** A one-thread platform pool, its thread started now and waiting for a task. */
        static ExecutorService freshPool() {
            ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(1,
                    ThreadKind.PLATFORM.builder("cancel-pool").factory());
            pool.prestartAllCoreThreads();
            return pool;
        }

        void close() {
            for (ExecutorService executor : List.of(platformPool, virtualPool, virtualPerTask)) {
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
