package dev.cmbench.bench;

import java.util.function.Supplier;

/**
 * A parent that runs its children in a scope, rather than starting threads and joining them one
 * by one: structured concurrency ({@code StructuredTaskScope}, a preview API in JDK 25) or Kotlin
 * coroutines. The focused families' {@code structured} and {@code coroutine} kinds ask it for
 * what they ask of threads, each in the idiom of its library: start + join, a child's outcome
 * (its value or its failure) reaching its parent, cancelling a child. {@link ChildScopes} has the two.
 */
public interface ChildScope {

    /** Starts one child that returns {@code value}, waits for it, and returns what it returned. */
    long startJoin(long value) throws Exception;

    /**
     * Runs {@code child} as a child in a scope and returns what the parent received from the
     * scope: the value the child returned, or the exception it threw.
     */
    Object outcomeOf(Supplier<Object> child) throws Exception;

    /** Starts a child that runs {@code task}'s steps, sleeping or delaying ten minutes; the result cancels it. */
    Sleeper startSleeper(SleepingTask task) throws Exception;

    /** A child started by {@link #startSleeper}. */
    interface Sleeper {

        /** This library's way to cancel the child; false if it could not. */
        boolean cancel();

        /**
         * Ends the child if its cancel has not (a failed invocation), waits until it has ended,
         * and closes what the parent opened for it; a second call does nothing.
         */
        void end() throws InterruptedException;
    }
}
