package dev.cmbench.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds what a model left running: live threads named {@link ModelKind#THREAD_PREFIX} and live
 * child processes of this JVM. Benchmarks call it in {@code @TearDown}, tests after close().
 *
 * <p>Virtual threads are not listed by {@link Thread#getAllStackTraces()}; models that start them
 * own them through an executor whose termination close() awaits.
 */
public final class LeakCheck {

    private LeakCheck() {
    }

    /** What is still alive now, one line each; empty when nothing leaked. */
    public static List<String> survivors() {
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(ModelKind.THREAD_PREFIX)) {
                alive.add("thread " + t.getName() + " (" + t.getState() + ")");
            }
        }
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p ->
                alive.add("process " + p.pid() + " (" + p.info().commandLine().orElse("?") + ")"));
        return alive;
    }

    /**
     * Throws {@link IllegalStateException} naming every survivor if any remains after
     * {@code grace}; threads that have finished their work may take a moment to exit.
     */
    public static void assertNothingLeft(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> alive = survivors();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = survivors();
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException("still alive after close(): " + String.join(", ", alive));
        }
    }
}
