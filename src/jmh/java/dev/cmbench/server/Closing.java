package dev.cmbench.server;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** What every server kind does to stop: close without caring who closed first, then wait for its threads with a bound. */
final class Closing {

    private Closing() {
    }

    static void quietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already broken or closed: closed enough
        }
    }

    /** Waits until every thread of {@code threads} has ended; throws naming them if some have not within {@code timeout}. */
    static void awaitEnd(Collection<Thread> threads, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        for (Thread thread : List.copyOf(threads)) {
            while (thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        long alive = threads.stream().filter(Thread::isAlive).count();
        if (alive > 0) {
            throw new IllegalStateException(alive + " " + what + " still running " + timeout.toSeconds()
                    + " s after close(): they are leaking");
        }
    }
}
