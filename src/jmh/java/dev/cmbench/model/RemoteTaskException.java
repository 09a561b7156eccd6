package dev.cmbench.model;

/** A task failed inside a worker JVM; the message carries the worker and what the task threw there. */
public final class RemoteTaskException extends Exception {

    RemoteTaskException(String message) {
        super(message);
    }
}
