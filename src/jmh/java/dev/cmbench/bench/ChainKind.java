package dev.cmbench.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kinds of {@code CompletableFuture} stage — the notes' callbacks — each adding one to the value,
 * and the control that adds no stage.
 */
enum ChainKind implements Named {
    /**
     * The 0-stage control: the source and the join alone, so that what a stage costs is the
     * difference between a chain of stages and this, per stage.
     */
    NO_STAGE("no-stage") {
        @Override
        CompletableFuture<Long> append(CompletableFuture<Long> previous, Executor executor, AtomicLong observed) {
            return previous;
        }

        @Override
        long expected(long start, int stages) {
            return start;
        }

        @Override
        int callbacks(int stages) {
            return 0;
        }
    },
    /** Runs in whichever thread completes the previous stage (or the caller, if it is already done). */
    THEN_APPLY("then-apply") {
        @Override
        CompletableFuture<Long> append(CompletableFuture<Long> previous, Executor executor, AtomicLong observed) {
            return previous.thenApply(v -> v + 1);
        }
    },
    /** Hands every stage to the executor: one task submission per stage. */
    THEN_APPLY_ASYNC("then-apply-async") {
        @Override
        CompletableFuture<Long> append(CompletableFuture<Long> previous, Executor executor, AtomicLong observed) {
            return previous.thenApplyAsync(v -> v + 1, executor);
        }
    },
    /** An observing callback ({@code add_done_callback}): sees the value, passes it on unchanged. */
    WHEN_COMPLETE("when-complete") {
        @Override
        CompletableFuture<Long> append(CompletableFuture<Long> previous, Executor executor, AtomicLong observed) {
            return previous.whenComplete((v, e) -> observed.incrementAndGet());
        }

        @Override
        long expected(long start, int stages) {
            return start;
        }

        @Override
        int callbacks(int stages) {
            return stages;
        }
    };

    private final String id;

    ChainKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    abstract CompletableFuture<Long> append(CompletableFuture<Long> previous, Executor executor, AtomicLong observed);

    /** The chain's final value. */
    long expected(long start, int stages) {
        return start + stages;
    }

    /** How many observing callbacks a chain of {@code stages} runs: those that count themselves. */
    int callbacks(int stages) {
        return 0;
    }

    static ChainKind named(String id) {
        return Named.lookup(ChainKind.class, id);
    }
}
