package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leak check sees each kind of thing a model can leave running, and lets it go once it has
 * ended: a named platform thread, a virtual thread started on its own, and an executor's unnamed
 * virtual thread (which {@link Thread#getAllStackTraces()} does not list). Timeouts guard against
 * hangs only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakCheckTest {

    @Test
    void aNamedPlatformThreadIsSeenUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "leak-check-test").start(() -> await(release));
        assertSeenThenGone(thread, release, "thread " + ModelKind.THREAD_PREFIX + "leak-check-test");
    }

    @Test
    void aVirtualThreadStartedOnItsOwnIsSeenUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread thread = Thread.ofVirtual().name("leak-check-test").start(() -> await(release));
        assertSeenThenGone(thread, release, "virtual thread #" + thread.threadId() + " 'leak-check-test'");
    }

    @Test
    void anExecutorsUnnamedVirtualThreadIsSeenUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            executor.submit(() -> {
                started.countDown();
                await(release);
            });
            started.await();
            try {
                List<String> alive = LeakCheck.survivors();
                assertEquals(1, alive.size(), alive.toString());
                assertTrue(alive.getFirst().startsWith("virtual thread #") && alive.getFirst().contains("''"),
                        alive.toString());
                var e = assertThrows(IllegalStateException.class, () -> LeakCheck.assertNothingLeft(Duration.ofMillis(50)));
                assertTrue(e.getMessage().startsWith("still alive after close(): virtual thread #"), e.getMessage());
            } finally {
                release.countDown(); // else the executor's close() waits for the task, failing or not
            }
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    private static void assertSeenThenGone(Thread thread, CountDownLatch release, String expected) throws Exception {
        List<String> alive = LeakCheck.survivors();
        assertEquals(1, alive.size(), alive.toString());
        assertTrue(alive.getFirst().startsWith(expected), alive.toString());
        release.countDown();
        thread.join();
        assertEquals(List.of(), LeakCheck.survivors());
    }

    private static void await(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
