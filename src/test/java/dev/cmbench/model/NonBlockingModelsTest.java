package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.Checksums;
import dev.cmbench.workload.CustomWorkload;
import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import dev.cmbench.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the four models of issue 15 claim beyond the common contract ({@link ModelContractTest}
 * covers that for them too): the event loop computes on its one thread, the models that wait on
 * timers block no thread while their tasks wait, a failure in a structured scope cancels its
 * siblings, and a failing coroutine fails its batch. Timeouts guard against hangs only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NonBlockingModelsTest {

    private static final Calibration FIXED = new Calibration(10);
    private static final Duration LONG = Duration.ofMinutes(10);

    private ConcurrencyModel model;
    private Thread caller;

    @AfterEach
    void closeAndCheckNothingLeaked() throws InterruptedException {
        if (caller != null) {
            caller.interrupt();
            caller.join();
        }
        if (model != null) {
            model.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    @Test
    void theEventLoopRunsEveryTaskOnItsOneThread() throws Exception {
        model = ModelKind.EVENT_LOOP.create(ModelOptions.defaults());
        Set<String> computedOn = ConcurrentHashMap.newKeySet();
        List<SleepComputeTask> tasks = Workload.MIXED.tasks(40, FIXED);
        List<Task> recorded = new ArrayList<>();
        for (SleepComputeTask task : tasks) {
            recorded.add(new Recorded(task, computedOn));
        }

        assertEquals(Checksums.expected(tasks), model.runBatch(recorded));
        assertEquals(Set.of("cmbench-event-loop"), computedOn);
    }

    @Test
    void asyncComputesOnItsOwnPoolOnly() throws Exception {
        model = ModelKind.ASYNC.create(ModelOptions.defaults().withPoolSize(2));
        Set<String> computedOn = ConcurrentHashMap.newKeySet();
        List<Task> recorded = new ArrayList<>();
        for (SleepComputeTask task : Workload.MIXED.tasks(40, FIXED)) {
            recorded.add(new Recorded(task, computedOn));
        }

        model.runBatch(recorded);
        assertTrue(Set.of("cmbench-async-0", "cmbench-async-1").containsAll(computedOn), computedOn.toString());
    }

    /**
     * While a batch of long delays is pending, no thread is inside a task's sleep: every sleep is
     * a timer. The same probe finds the sleeping threads of a pool that blocks, so it can see them.
     */
    @ParameterizedTest
    @EnumSource(names = {"EVENT_LOOP", "ASYNC", "COROUTINES", "FIXED_POOL"})
    void whileItsTasksWaitNoThreadSleepsInOne(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults().withPoolSize(2));
        int count = 200;
        AtomicInteger started = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(kind == ModelKind.FIXED_POOL ? 2 : count);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(new Started(new SleepComputeTask(LONG, 1, i), started, allStarted));
        }
        caller = Thread.ofPlatform().start(() -> {
            try {
                model.runBatch(tasks);
            } catch (Exception expected) {
                // interrupted by the tear-down
            }
        });

        assertTrue(allStarted.await(30, TimeUnit.SECONDS), "tasks started: " + started.get());
        if (kind == ModelKind.FIXED_POOL) {
            // a started task reaches its sleep a moment after it counts itself: poll, bounded
            List<String> sleeping = threadsSleepingInATask();
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    sleeping.size() < 2 && System.nanoTime() < deadline; sleeping = threadsSleepingInATask()) {
                Thread.sleep(10);
            }
            assertEquals(2, sleeping.size(), "the probe sees a blocking pool's sleeping threads: " + sleeping);
        } else {
            List<String> sleeping = threadsSleepingInATask();
            assertEquals(List.of(), sleeping, kind + " has threads sleeping in a task while " + count + " wait");
        }
    }

    @Test
    void aStructuredTasksFailureCancelsItsSiblingsBeforeTheBatchReturns() throws Exception {
        model = ModelKind.STRUCTURED.create(ModelOptions.defaults());
        IllegalStateException boom = new IllegalStateException("boom");
        int siblings = 8;
        CountDownLatch asleep = new CountDownLatch(siblings);
        AtomicInteger interrupted = new AtomicInteger();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < siblings; i++) {
            tasks.add(new Sleeper(asleep, interrupted));
        }
        tasks.add(new Task() {
            @Override
            public void awaitIo() throws InterruptedException {
                asleep.await(); // fail only once every sibling sleeps
            }

            @Override
            public long compute() {
                throw boom;
            }
        });

        BatchFailedException failed = assertThrows(BatchFailedException.class, () -> model.runBatch(tasks));
        assertSame(boom, failed.getCause());
        assertEquals(siblings, interrupted.get(), "every sibling was interrupted in its sleep, and had ended, "
                + "by the time the batch returned");
    }

    @Test
    void aFailingCoroutineFailsTheBatchAndItsSiblingsNeverCompute() throws Exception {
        model = ModelKind.COROUTINES.create(ModelOptions.defaults());
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger computed = new AtomicInteger();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SleepComputeTask sleeper = new SleepComputeTask(LONG, 1, i);
            tasks.add(new Task() {
                @Override
                public void awaitIo() throws InterruptedException {
                    sleeper.awaitIo();
                }

                @Override
                public Optional<Duration> ioDelay() {
                    return sleeper.ioDelay();
                }

                @Override
                public long compute() {
                    computed.incrementAndGet();
                    return sleeper.compute();
                }
            });
        }
        tasks.add(new Task() {
            @Override
            public void awaitIo() {
            }

            @Override
            public Optional<Duration> ioDelay() {
                return Optional.of(Duration.ZERO);
            }

            @Override
            public long compute() {
                throw boom;
            }
        });

        BatchFailedException failed = assertThrows(BatchFailedException.class, () -> model.runBatch(tasks));
        assertSame(boom, failed.getCause());
        model.close(); // returns once every coroutine has ended: the siblings were cancelled in their delay
        model = null;
        assertEquals(0, computed.get(), "a sibling computed after the failure");
    }

    @Test
    void theEventLoopSkipsABatchWhoseComputeAloneOutlastsTheLimitAndSaysWhy() {
        var heavy = CustomWorkload.parse("sleep:1ms+compute:10ms");
        String why = ModelKind.EVENT_LOOP.cannotRun(heavy, 2_000, ModelOptions.defaults()).orElseThrow();
        assertEquals("event-loop computes on 1 thread: at least 20.0 s per batch (sleep + 2000 tasks / 1 × compute), "
                + "over the 10 s limit", why);
        assertEquals(Optional.empty(), ModelKind.EVENT_LOOP.cannotRun(heavy, 100, ModelOptions.defaults()));
        assertEquals(Optional.empty(), ModelKind.VIRTUAL.cannotRun(heavy, 2_000, ModelOptions.defaults()),
                "a model that computes on every core is not limited by one");
        assertTrue(ModelKind.VIRTUAL.cannotRun(CustomWorkload.parse("sleep:11s+compute:1ms"), 1, ModelOptions.defaults())
                .orElseThrow().startsWith("one task sleeps and computes for 11.0 s"), "no model runs it");
    }

    /** Names of live threads whose stack is inside a task's blocking sleep. */
    private static List<String> threadsSleepingInATask() {
        List<String> sleeping = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            boolean inTask = Arrays.stream(entry.getValue()).anyMatch(frame ->
                    frame.getClassName().equals(SleepComputeTask.class.getName()) && frame.getMethodName().equals("awaitIo"));
            if (inTask) {
                sleeping.add(entry.getKey().getName());
            }
        }
        return sleeping;
    }

    /** A task that notes the thread it computes on. */
    private record Recorded(SleepComputeTask task, Set<String> computedOn) implements Task {
        @Override
        public void awaitIo() throws InterruptedException {
            task.awaitIo();
        }

        @Override
        public Optional<Duration> ioDelay() {
            return task.ioDelay();
        }

        @Override
        public long compute() {
            computedOn.add(Thread.currentThread().getName());
            return task.compute();
        }
    }

    /** A task that counts its start, by whichever part a model calls first. */
    private record Started(SleepComputeTask task, AtomicInteger started, CountDownLatch allStarted) implements Task {
        @Override
        public void awaitIo() throws InterruptedException {
            started.incrementAndGet();
            allStarted.countDown();
            task.awaitIo();
        }

        @Override
        public Optional<Duration> ioDelay() {
            started.incrementAndGet();
            allStarted.countDown();
            return task.ioDelay();
        }

        @Override
        public long compute() {
            return task.compute();
        }
    }

    /** A blocking sleeper that says when it sleeps and counts an interrupt of its sleep. */
    private record Sleeper(CountDownLatch asleep, AtomicInteger interrupted) implements Task {
        @Override
        public void awaitIo() throws InterruptedException {
            asleep.countDown();
            try {
                Thread.sleep(LONG);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }

        @Override
        public long compute() {
            return 0;
        }
    }
}
