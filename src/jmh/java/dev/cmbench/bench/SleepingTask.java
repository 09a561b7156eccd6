package dev.cmbench.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The victim of a cancel: a task that sleeps ten minutes, and stamps {@link System#nanoTime()}
 * in its {@code finally}, so a cancel's latency can end at the victim's own last line rather
 * than when some other thread notices.
 *
 * <p>Saying "about to sleep" is not sleeping: a cancel that lands between the two finds the
 * interrupt flag set on entry to {@code sleep}, which throws at once without ever parking, and
 * times a fast path. {@link #awaitAsleep} therefore also waits until the victim's thread is seen
 * {@code TIMED_WAITING}. For a platform thread the JVM sets that state in its sleep, just
 * before it parks; for a virtual thread (JDK 25) {@code getState()} says {@code TIMED_WAITING} only once it
 * is {@code TIMED_PARKED} (unmounted) or {@code TIMED_PINNED}, and {@code RUNNABLE} while it is
 * still parking.
 *
 * <p>A coroutine victim is no thread: it runs the same steps ({@link #willSleep()}, a
 * {@code delay} instead of the sleep, {@link #cancelledInSleep()}, {@link #ended()}) on a
 * dispatcher thread, and "its thread" is the one that ran it up to its {@code delay}. A
 * coroutine is suspended once that thread has let go of it; the thread then looks for other
 * work, finds none, and parks with a timeout: seen {@code TIMED_WAITING}, the coroutine is
 * suspended in its delay, not about to enter it.
 */
public final class SleepingTask implements Runnable {

    /** How long the victim sleeps unless cancelled. */
    static final Duration SLEEP = Duration.ofMinutes(10);
    /** How long the victim may take to start sleeping, or to end once interrupted, before we call it a hang. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int SPINS_BEFORE_PARKING = 1_000;

    private final CountDownLatch aboutToSleep = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean interruptedInSleep;
    private volatile boolean suspends;
    private volatile long endedAtNanos;

    @Override
    public void run() {
        willSleep();
        try {
            Thread.sleep(SLEEP);
        } catch (InterruptedException e) {
            cancelledInSleep(); // cancelled: end
        } finally {
            ended();
        }
    }

    /** The victim is about to sleep: called on the thread that runs it. */
    public void willSleep() {
        thread = Thread.currentThread();
        aboutToSleep.countDown();
    }

    /**
     * A coroutine victim is about to suspend in its {@code delay}: called on the dispatcher thread
     * that runs it up to there. Once that thread has been seen parked, the coroutine is suspended;
     * the pooled thread may wake again (its idle park times out, or it is handed other work)
     * without resuming the coroutine, so its state at the cancel is recorded, not required.
     */
    public void willSuspend() {
        suspends = true;
        willSleep();
    }

    /** The victim's sleep ended by its cancel: an interrupt, or a coroutine's cancellation in {@code delay}. */
    public void cancelledInSleep() {
        interruptedInSleep = true;
    }

    /** The victim's last line: stamps its end. */
    public void ended() {
        endedAtNanos = System.nanoTime();
        ended.countDown();
    }

    /**
     * Waits until the victim has said it is about to sleep and its thread is seen
     * {@code TIMED_WAITING}; throws if it does not get there within {@link #PATIENCE}.
     */
    void awaitAsleep() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        if (!aboutToSleep.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("the victim did not start within " + PATIENCE);
        }
        Thread victim = thread;
        for (int spins = 0; victim.getState() != Thread.State.TIMED_WAITING; spins++) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the victim " + victim + " said it was about to sleep, but after "
                        + PATIENCE + " its state is " + victim.getState() + ", expected TIMED_WAITING");
            }
            if (spins < SPINS_BEFORE_PARKING) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(10_000); // a victim this slow is waiting for a core; give it ours
            }
        }
    }

    /** Waits until the victim has run its {@code finally}. */
    void awaitEnd() throws InterruptedException {
        if (!ended.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("the victim " + thread + " did not end within " + PATIENCE
                    + " of being cancelled; its state is " + thread.getState());
        }
    }

    /** Interrupts the victim's thread if it still runs, and waits until it has ended. */
    void end() throws InterruptedException {
        if (!hasEnded()) {
            thread.interrupt();
            awaitEnd();
        }
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    Thread thread() {
        return thread;
    }

    /**
     * The victim's state just before a cancel, which must be TIMED_WAITING (asleep): a cancel
     * that lands before the sleep would time the fast path of a pre-set interrupt. One field
     * read: nothing else can wake the victim. A coroutine victim's is only recorded ({@link #willSuspend}).
     */
    Thread.State requireAsleep() {
        Thread.State state = thread.getState();
        if (state != Thread.State.TIMED_WAITING && !suspends) {
            throw new IllegalStateException("expected the victim TIMED_WAITING at cancel, was " + state);
        }
        return state;
    }

    /** Whether the victim ended by its cancel in its sleep: an {@code InterruptedException}, or a coroutine's cancellation. */
    boolean interruptedInSleep() {
        return interruptedInSleep;
    }

    /** The victim's own last {@link System#nanoTime()}, stamped in its {@code finally}; valid once it has ended. */
    long endedAtNanos() {
        return endedAtNanos;
    }
}
