package dev.cmbench.bench;

import dev.cmbench.model.ModelKind;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The focused families' {@code structured} kinds: {@link StructuredTaskScope} (JDK 25, JEP 505, a
 * preview API) opened with its default joiner, {@code awaitAllSuccessfulOrThrow}, and a forked
 * virtual thread per child. Each act opens its own scope, so opening and closing one is part of
 * what it costs, as it is in code written this way.
 *
 * <p>Compiled with preview features enabled and built by name ({@link ChildScopes}).
 */
final class StructuredChildScope implements ChildScope {

    private final ThreadFactory threads = Thread.ofVirtual().name(ModelKind.THREAD_PREFIX + "structured-child-", 0)
            .factory();

    StructuredChildScope() {
    }

    /** Open, fork the child, join, read its result. */
    @Override
    public long startJoin(long value) throws InterruptedException {
        try (var scope = this.<Long>open()) {
            Subtask<Long> child = scope.fork(() -> value);
            scope.join();
            return child.get();
        }
    }

    /**
     * Open, fork the child, join: the subtask's value, or, for a failed child, the exception that
     * {@code join()} throws as a {@code FailedException}'s cause.
     */
    @Override
    public Object outcomeOf(Supplier<Object> child) throws InterruptedException {
        try (var scope = this.<Object>open()) {
            Subtask<Object> forked = scope.fork(child::get);
            scope.join();
            return forked.get();
        } catch (StructuredTaskScope.FailedException e) {
            return e.getCause();
        }
    }

    /**
     * Opens a scope owned by the calling thread and forks {@code task} in it. A scope's owner has
     * no call that cancels one child: a sibling's failure does, so the cancel forks a sibling that
     * throws, and the joiner cancels the scope, which interrupts the sleeping child. The failure
     * is made here, so that building its stack trace is not part of the cancel.
     */
    @Override
    public Sleeper startSleeper(SleepingTask task) {
        StructuredTaskScope<Object, Void> scope = open();
        scope.fork(task);
        RuntimeException failure = new SiblingFailure();
        return new Sleeper() {
            private boolean ended;

            @Override
            public boolean cancel() {
                scope.fork(() -> {
                    throw failure;
                });
                return true;
            }

            @Override
            public void end() throws InterruptedException {
                if (ended) {
                    return;
                }
                ended = true;
                try {
                    task.end(); // interrupts it only if the cancel has not ended it
                    scope.join();
                } catch (StructuredTaskScope.FailedException expected) {
                    // the sibling's failure, which was the cancel
                } finally {
                    scope.close();
                }
            }
        };
    }

    private <T> StructuredTaskScope<T, Void> open() {
        return StructuredTaskScope.open(Joiner.<T>awaitAllSuccessfulOrThrow(), config -> config.withThreadFactory(threads));
    }

    /** What the sibling throws to cancel its scope. */
    private static final class SiblingFailure extends RuntimeException {
        SiblingFailure() {
            super("a sibling failed, to cancel the scope");
        }
    }
}
