package dev.cmbench.model;

/** A batch stopped because one of its tasks threw; the cause is what the task threw. */
public final class BatchFailedException extends Exception {

    public BatchFailedException(Throwable taskFailure) {
        super("a task of the batch failed: " + taskFailure, taskFailure);
    }

    public BatchFailedException(String message) {
        super(message);
    }
}
