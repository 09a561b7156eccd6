package dev.cmbench.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Ways to stop a task that sleeps; each {@link Victim} is started, then stopped. */
enum CancelKind implements Named {
    /** {@code Future.cancel(true)} on a one-thread pool: interrupts the pool thread. */
    FUTURE_POOL("future-pool") {
        @Override
        Victim start(Executors executors, Runnable task) {
            Future<?> future = executors.pool().submit(task);
            return () -> future.cancel(true);
        }
    },
    /** {@code Future.cancel(true)} on a virtual-thread-per-task executor: interrupts the virtual thread. */
    FUTURE_VIRTUAL("future-virtual") {
        @Override
        Victim start(Executors executors, Runnable task) {
            Future<?> future = executors.virtual().submit(task);
            return () -> future.cancel(true);
        }
    },
    /**
     * {@code CompletableFuture.cancel(true)}: completes the future at once but, as its Javadoc
     * says, does not interrupt — the task keeps sleeping. The benchmark times until the future
     * is done and counts the tasks left running.
     */
    COMPLETABLE_FUTURE("completable-future") {
        @Override
        Victim start(Executors executors, Runnable task) {
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
        Victim start(Executors executors, Runnable task) {
            Thread thread = ThreadKind.PLATFORM.builder("cancel-victim").start(task);
            return thread::interrupt;
        }
    },
    /** {@code Thread.interrupt()} of a sleeping virtual thread. */
    INTERRUPT_VIRTUAL("interrupt-virtual") {
        @Override
        Victim start(Executors executors, Runnable task) {
            Thread thread = ThreadKind.VIRTUAL.builder("cancel-victim").start(task);
            return thread::interrupt;
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
    abstract Victim start(Executors executors, Runnable task);

    /** Whether cancelling reaches the task itself (an interrupt), so that the task ends. */
    boolean interrupts() {
        return true;
    }

    static CancelKind named(String id) {
        return Named.lookup(CancelKind.class, id);
    }

    /** The executors tasks may run on. */
    record Executors(ExecutorService pool, ExecutorService virtual) {
    }

    /** A running task, and how to cancel it. */
    interface Victim {
        void cancel();
    }

    /** A task that says when it sleeps and when it has ended, and remembers its thread. */
    static final class SleepingTask implements Runnable {
        final CountDownLatch sleeping = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Thread thread;

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                sleeping.countDown();
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                // cancelled: end
            } finally {
                ended.countDown();
            }
        }
    }
}
