package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timeouts guard against hangs only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SleepingTaskTest {

    /**
     * A stand-in for a dispatcher thread: it runs a victim up to its suspension, parks (seen
     * TIMED_WAITING), then wakes and keeps running other work (RUNNABLE) while the victim stays
     * suspended. A quick suite run failed a coroutine cancel fork on exactly this.
     */
    private static Thread pooledThreadThatMovesOn(SleepingTask task, boolean suspends, CountDownLatch moveOn,
            AtomicBoolean stop) {
        return Thread.ofPlatform().start(() -> {
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
    }

    @Test
    void aSuspendedCoroutineMayHaveItsThreadMoveOnBeforeTheCancel() throws Exception {
        SleepingTask task = new SleepingTask();
        CountDownLatch moveOn = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread pooled = pooledThreadThatMovesOn(task, true, moveOn, stop);
        try {
            task.awaitAsleep();
            moveOn.countDown();
            while (pooled.getState() != Thread.State.RUNNABLE) {
                Thread.onSpinWait();
            }

            assertEquals(Thread.State.RUNNABLE, task.requireAsleep(), "recorded, not required");
        } finally {
            stop.set(true);
            pooled.join();
        }
    }

    @Test
    void aSleepingThreadMustStillBeAsleepAtTheCancel() throws Exception {
        SleepingTask task = new SleepingTask();
        CountDownLatch moveOn = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread victim = pooledThreadThatMovesOn(task, false, moveOn, stop);
        try {
            task.awaitAsleep();
            moveOn.countDown();
            while (victim.getState() != Thread.State.RUNNABLE) {
                Thread.onSpinWait();
            }

            assertThrows(IllegalStateException.class, task::requireAsleep);
        } finally {
            stop.set(true);
            victim.join();
        }
    }
}
