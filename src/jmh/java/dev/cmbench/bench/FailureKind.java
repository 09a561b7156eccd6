package dev.cmbench.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ways a parent learns what a child task threw: each runs {@code failing} on a new virtual thread,
 * except the coroutine, which runs it on a thread of {@code Dispatchers.Default}.
 */
enum FailureKind implements Named {
    /** {@code Future.get()} wraps it in an ExecutionException: the notes' {@code f.exception()}. */
    FUTURE_GET("future-get") {
        @Override
        Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            try {
                virtualThreads.submit(failing).get();
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    },
    /** The child thread's UncaughtExceptionHandler hands it over; the parent joins, then looks. */
    UNCAUGHT_HANDLER("uncaught-handler") {
        @Override
        Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            threads.uncaughtExceptionHandler((thread, e) -> caught.set(e)).start(failing).join();
            return caught.get();
        }
    },
    /**
     * The notes' ExcThread: the child catches and puts it on a queue the parent reads. The notes
     * poll and {@code join(0.1)}, then stop once the thread is dead, which can lose an exception
     * put just before the thread ended; a blocking take() cannot.
     */
    QUEUE("queue") {
        @Override
        Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            BlockingQueue<Throwable> bucket = new LinkedBlockingQueue<>();
            Thread child = threads.start(() -> {
                try {
                    failing.run();
                } catch (Throwable t) {
                    bucket.add(t);
                }
            });
            Throwable caught = bucket.take();
            child.join();
            return caught;
        }
    },
    /** {@code exceptionally} sees it wrapped in a CompletionException: the notes' done-callback. */
    COMPLETABLE_EXCEPTIONALLY("completable-exceptionally") {
        @Override
        Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) {
            Throwable seen = CompletableFuture.runAsync(failing, virtualThreads)
                    .handle((ok, e) -> e)
                    .join();
            return seen instanceof CompletionException wrapped ? wrapped.getCause() : seen;
        }
    },
    /** A failing subtask of a {@code StructuredTaskScope}: the owner's {@code join()} throws it as a FailedException's cause. */
    STRUCTURED("structured") {
        @Override
        Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            return ChildScopes.structured().failureOf(failing);
        }
    },
    /** A failing child coroutine in a {@code coroutineScope}: the scope throws it to its parent. */
    COROUTINE("coroutine") {
        @Override
        Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            return ChildScopes.coroutines().failureOf(failing);
        }
    };

    private final String id;

    FailureKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Runs {@code failing} in a child and returns what the parent received (the child's exception). */
    abstract Throwable caught(Runnable failing, ExecutorService virtualThreads, Thread.Builder threads) throws Exception;

    static FailureKind named(String id) {
        return Named.lookup(FailureKind.class, id);
    }
}
