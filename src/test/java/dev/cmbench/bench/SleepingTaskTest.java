package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts guard against hangs only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SleepingTaskTest {

    /**
     * Runs {@code check} on a victim whose thread went to sleep (seen TIMED_WAITING) and then woke
     * and kept running other work (RUNNABLE), as a dispatcher thread does while the coroutine it
     * ran stays suspended. A quick suite run failed a coroutine cancel fork on exactly this.
     */
    private static void afterItsThreadMovedOn(boolean suspends, Consumer<SleepingTask> check) throws Exception {
        SleepingTask task = new SleepingTask();
        CountDownLatch moveOn = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread pooled = Thread.ofPlatform().start(() -> {
            if (suspends) {
                task.willSuspend();
            } else {
                task.willSleep();
            }
            while (moveOn.getCount() > 0) {
                LockSupport.parkNanos(1_000_000);
            }
            while (!stop.get()) {
                Thread.onSpinWait(); // other work
            }
        });
        try {
            task.awaitAsleep();
            moveOn.countDown();
            while (pooled.getState() != Thread.State.RUNNABLE) {
                Thread.onSpinWait();
            }
            check.accept(task);
        } finally {
            stop.set(true);
            pooled.join();
        }
    }

    @Test
    void aSuspendedCoroutineMayHaveItsThreadMoveOnBeforeTheCancel() throws Exception {
        afterItsThreadMovedOn(true, task -> assertEquals(Thread.State.RUNNABLE, task.requireAsleep(),
                "recorded, not required"));
    }

    @Test
    void aSleepingThreadMustStillBeAsleepAtTheCancel() throws Exception {
        afterItsThreadMovedOn(false, task -> assertThrows(IllegalStateException.class, task::requireAsleep));
    }
}
