package dev.cmbench.model;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping what a model (or a benchmark) started, with a bound on the wait and no lost interrupt. */
public final class Shutdown {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private Shutdown() {
    }

    /**
     * {@code shutdownNow()} (interrupting running tasks), then waits for termination; throws if
     * the executor has not stopped within {@link #STOP_TIMEOUT}, since that is a leak.
     */
    static void stop(ExecutorService executor, String model) {
        executor.shutdownNow();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        boolean interrupted = false;
        boolean terminated = false;
        while (!terminated) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                terminated = executor.awaitTermination(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!terminated) {
            throw new IllegalStateException(model + " did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s of shutdownNow(): its threads are leaking");
        }
    }

    /** Interrupts every thread, then waits for each to end (re-asserting any interrupt received). */
    public static void interruptAndJoin(Collection<Thread> threads) {
        threads.forEach(Thread::interrupt);
        joinAll(threads);
    }

    /** Waits for every thread to end, even if interrupted meanwhile (the interrupt is kept). */
    public static void joinAll(Collection<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every process that is still running and waits for each to be gone. */
    static void killAll(Collection<Process> processes) {
        processes.forEach(Process::destroyForcibly);
        boolean interrupted = false;
        for (Process p : processes) {
            while (p.isAlive()) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks a worker to end (its standard input is closed, so it exits), then SIGTERM, then
     * SIGKILL, waiting {@code patience} after each; returns once the process is gone.
     */
    static void stop(Process process, Duration patience) {
        stopAll(List.of(process), patience);
    }

    /**
     * {@link #stop} for many workers at once: every standard input is closed first, so they exit
     * side by side, then each is awaited (SIGTERM, then SIGKILL for one that does not end).
     */
    public static void stopAll(Collection<Process> processes, Duration patience) {
        for (Process process : processes) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already closed or broken: the next steps end it
            }
        }
        boolean interrupted = false;
        for (Process process : processes) {
            try {
                if (!awaitExit(process, patience)) {
                    process.destroy();
                    if (!awaitExit(process, patience)) {
                        killAll(List.of(process));
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
                killAll(List.of(process));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(Process process, Duration patience) throws InterruptedException {
        return process.waitFor(patience.toNanos(), TimeUnit.NANOSECONDS);
    }
}
