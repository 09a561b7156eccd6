package dev.cmbench.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Ways a parent learns how a child task ended, what it returned or what it threw: each runs
 * {@code child} on a new virtual thread, except the coroutine, which runs it on a thread of
 * {@code Dispatchers.Default}. Every kind hands over a result and an exception by the same path,
 * so its success is the control of its failure.
 */
enum FailureKind implements Named {
    /** {@code Future.get()}: the value, or the exception wrapped in an ExecutionException: the notes' {@code f.exception()}. */
    FUTURE_GET("future-get") {
        @Override
        Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            try {
                return virtualThreads.submit(child::get).get();
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    },
    /** The child thread's UncaughtExceptionHandler hands over what it threw; the parent joins, then looks. */
    UNCAUGHT_HANDLER("uncaught-handler") {
        @Override
        Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            Object[] returned = new Object[1];
            threads.uncaughtExceptionHandler((thread, e) -> caught.set(e)).start(() -> returned[0] = child.get()).join();
            return caught.get() != null ? caught.get() : returned[0];
        }
    },
    /**
     * The notes' ExcThread: the child puts what it returned, or catches what it threw and puts
     * that, on a queue the parent reads. The notes poll and {@code join(0.1)}, then stop once the
     * thread is dead, which can lose an exception put just before the thread ended; a blocking
     * take() cannot.
     */
    QUEUE("queue") {
        @Override
        Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            BlockingQueue<Object> bucket = new LinkedBlockingQueue<>();
            Thread started = threads.start(() -> {
                try {
                    bucket.add(child.get());
                } catch (Throwable t) {
                    bucket.add(t);
                }
            });
            Object outcome = bucket.take();
            started.join();
            return outcome;
        }
    },
    /** {@code handle} sees the value, or the exception wrapped in a CompletionException: the notes' done-callback. */
    COMPLETABLE_EXCEPTIONALLY("completable-exceptionally") {
        @Override
        Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads) {
            return CompletableFuture.supplyAsync(child, virtualThreads)
                    .handle((value, e) -> e instanceof CompletionException wrapped ? wrapped.getCause() : e != null ? e : value)
                    .join();
        }
    },
    /**
     * A subtask of a {@code StructuredTaskScope}: the owner's {@code join()} returns and the
     * subtask gives its value, or {@code join()} throws the failure as a FailedException's cause.
     */
    STRUCTURED("structured") {
        @Override
        Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            return ChildScopes.structured().outcomeOf(child);
        }
    },
    /** A child coroutine in a {@code coroutineScope}: the scope returns its value, or throws its exception to the parent. */
    COROUTINE("coroutine") {
        @Override
        Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads) throws Exception {
            return ChildScopes.coroutines().outcomeOf(child);
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

    /**
     * Runs {@code child} in a child and returns what the parent received: the value it returned,
     * or the exception it threw (an unchecked one, which {@code child.get()} throws as it is).
     */
    abstract Object outcome(Supplier<Object> child, ExecutorService virtualThreads, Thread.Builder threads)
            throws Exception;

    static FailureKind named(String id) {
        return Named.lookup(FailureKind.class, id);
    }
}
