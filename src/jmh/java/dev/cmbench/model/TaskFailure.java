package dev.cmbench.model;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Carries what a task threw through APIs that only pass unchecked exceptions (a fork-join
 * {@code compute()}, a {@code CompletableFuture} stage), and strips the wrappers again so that a
 * {@link BatchFailedException}'s cause is exactly what the task threw.
 */
final class TaskFailure extends RuntimeException {

    // Private on purpose: ForkJoinTask re-creates a thrown exception through a public
    // constructor when it crosses threads; without one it rethrows this very instance.
    private TaskFailure(Throwable cause) {
        super(cause);
    }

    static TaskFailure of(Throwable cause) {
        return new TaskFailure(cause);
    }

    /** The task's own exception under any ExecutionException, CompletionException or TaskFailure. */
    static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof ExecutionException || t instanceof CompletionException || t instanceof TaskFailure)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
