package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.Checksums;
import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import dev.cmbench.workload.Workload;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link ConcurrencyModel}, for every model kind. Timeouts here are hang
 * guards, not timing assertions: each test passes in well under a second when the model works.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelContractTest {

    private static final Calibration FIXED = new Calibration(10);

    private ConcurrencyModel model;
    private final Map<Thread, AtomicReference<Throwable>> outcomes = new HashMap<>();

    @AfterEach
    void closeAndCheckNothingLeaked() {
        if (model != null) {
            model.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @MethodSource("inProcessKinds")
    void everyTaskRunsExactlyOnceAndTheChecksumMatchesASequentialRun(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        for (int round = 0; round < 3; round++) { // the same model serves batch after batch
            List<SleepComputeTask> tasks = Workload.MIXED.tasks(64, FIXED);
            AtomicIntegerArray completions = new AtomicIntegerArray(tasks.size());
            List<Task> counted = counting(tasks, completions, new AtomicInteger(), new CountDownLatch(1));

            long checksum = model.runBatch(counted);

            assertEquals(Checksums.expected(tasks), checksum);
            for (int i = 0; i < tasks.size(); i++) {
                assertEquals(1, completions.get(i), "task " + i + " completions");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("inProcessKinds")
    void aTaskThatThrowsFailsTheBatchWithThatExceptionAsTheCause(ModelKind kind) {
        model = kind.create(ModelOptions.defaults());
        IllegalStateException boom = new IllegalStateException("boom");
        List<Task> tasks = new ArrayList<>(Workload.CPU.tasks(20, FIXED));
        tasks.set(7, new Task() {
            @Override
            public void awaitIo() {
            }

            @Override
            public long compute() {
                throw boom;
            }
        });

        BatchFailedException failed = assertThrows(BatchFailedException.class, () -> model.runBatch(tasks));
        assertSame(boom, failed.getCause());
    }

    @ParameterizedTest
    @MethodSource("inProcessKinds")
    void aCheckedExceptionFromTheIoPartIsTheCauseToo(ModelKind kind) {
        model = kind.create(ModelOptions.defaults());
        Exception io = new IOException("connection reset");
        List<Task> tasks = List.of(new Task() {
            @Override
            public void awaitIo() throws Exception {
                throw io;
            }

            @Override
            public long compute() {
                return 0;
            }
        });

        BatchFailedException failed = assertThrows(BatchFailedException.class, () -> model.runBatch(tasks));
        assertSame(io, failed.getCause());
    }

    @ParameterizedTest
    @MethodSource("inProcessKinds")
    void anInterruptedBatchStopsAndNoTaskCompletes(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        List<SleepComputeTask> tasks = longSleeps(16);
        AtomicIntegerArray completions = new AtomicIntegerArray(tasks.size());
        CountDownLatch firstStart = new CountDownLatch(1);
        List<Task> counted = counting(tasks, completions, new AtomicInteger(), firstStart);
        Thread caller = runInBackground(counted);

        assertTrue(firstStart.await(30, TimeUnit.SECONDS), "no task started");
        interruptAndExpectInterruptedException(caller);
        model.close(); // interrupts whatever still sleeps
        model = null;
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(0, completions.get(i), "task " + i + " ran to completion after the interrupt");
        }
    }

    @ParameterizedTest
    @MethodSource("processKinds")
    void anInterruptedProcessBatchStopsAndKillsItsChildren(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        Thread caller = runInBackground(longSleeps(4));
        awaitChildren(kind == ModelKind.PROCESS ? 4 : ModelOptions.cores());

        interruptAndExpectInterruptedException(caller);
        if (kind == ModelKind.PROCESS) {
            LeakCheck.assertNothingLeft(Duration.ofSeconds(10)); // its children died with the batch
        }
    }

    @ParameterizedTest
    @MethodSource("processKinds")
    void processModelsReturnTheSequentialChecksumBatchAfterBatch(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        for (int round = 0; round < 3; round++) {
            List<SleepComputeTask> tasks = Workload.MIXED.tasks(12, FIXED);
            assertEquals(Checksums.expected(tasks), model.runBatch(tasks));
        }
    }

    @ParameterizedTest
    @MethodSource("processKinds")
    void processModelsRefuseTasksTheyCannotSend(ModelKind kind) {
        model = kind.create(ModelOptions.defaults());
        Task local = new Task() {
            @Override
            public void awaitIo() {
            }

            @Override
            public long compute() {
                return 1;
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> model.runBatch(List.of(local)));
        assertTrue(e.getMessage().contains("takes only SleepComputeTask"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void closeLeavesNoThreadOfTheModelAlive(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults().withPoolSize(3));
        model.runBatch(Workload.IO.tasks(10, FIXED));
        if (kind == ModelKind.FIXED_POOL || kind == ModelKind.FORK_JOIN || kind == ModelKind.PROCESS_POOL) {
            // Pools keep their threads or workers between batches: the check must be able to see them.
            assertFalse(LeakCheck.survivors().isEmpty(), "the leak check sees no pool thread");
        }
        model.close();
        model = null;
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    @org.junit.jupiter.api.Test
    void anUnknownModelNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelKind.named("green-threads"));
        assertEquals("unknown model 'green-threads'; known: platform, fixed-pool, fork-join, virtual, "
                + "completable-future, async, event-loop, structured, coroutines, process, process-pool", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void latencyIsRecordedOncePerTaskWhenAsked(ModelKind kind) throws Exception {
        Recorder recorder = new Recorder(3);
        model = kind.create(ModelOptions.defaults().withLatency(LatencyRecording.into(recorder)));
        model.runBatch(Workload.MIXED.tasks(25, FIXED));
        var histogram = recorder.getIntervalHistogram();
        assertEquals(25, histogram.getTotalCount());
        assertTrue(histogram.getMinValue() >= Duration.ofMillis(1).toNanos(), "each task sleeps 1 ms first");
    }

    /**
     * All tasks of a batch arrive at its start, so each task's latency runs from there. Each task
     * sleeps 20 ms, so k slots cannot finish more than k × j tasks within j × 20 ms of the start:
     * the i-th shortest latency is at least ⌈i / k⌉ × 20 ms, a floor that a model stamping a task
     * when a slot takes it (about 20 ms for every task) falls below. Without a slot limit every
     * task still sleeps its 20 ms. And no latency exceeds the batch's makespan timed around
     * {@code runBatch} in the same run. Orders and counts against physical floors: no timing.
     */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void latencyRunsFromTheBatchStartSoAQueuedTaskCountsItsWait(ModelKind kind) throws Exception {
        int slots = 2;
        long sleepNanos = Duration.ofMillis(20).toNanos();
        Recorder recorder = new Recorder(3);
        model = kind.create(ModelOptions.defaults().withPoolSize(slots).withLatency(LatencyRecording.into(recorder)));
        List<SleepComputeTask> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tasks.add(new SleepComputeTask(Duration.ofNanos(sleepNanos), 1, i));
        }
        model.runBatch(tasks); // warm: pools and workers at their steady size
        recorder.reset();

        long start = System.nanoTime();
        model.runBatch(tasks);
        long makespan = System.nanoTime() - start;

        var histogram = recorder.getIntervalHistogram();
        assertEquals(tasks.size(), histogram.getTotalCount());
        int rank = 0;
        for (var value : histogram.recordedValues()) {
            // A recorded value lies within its bucket: compare each bound on the side that cannot fail wrongly.
            long atMost = histogram.highestEquivalentValue(value.getValueIteratedTo());
            long atLeast = histogram.lowestEquivalentValue(value.getValueIteratedTo());
            assertTrue(atLeast <= makespan, kind + ": a task's latency " + atLeast + " ns exceeds the makespan "
                    + makespan + " ns around it");
            for (long n = 0; n < value.getCountAtValueIteratedTo(); n++) {
                rank++;
                long waves = SLOT_LIMITED.contains(kind) ? (rank + slots - 1) / slots : 1;
                assertTrue(atMost >= waves * sleepNanos, kind + ": task " + rank + " of 16 by latency took " + atMost
                        + " ns, but with " + slots + " slots it cannot finish before " + waves + " sleeps of 20 ms");
            }
        }
        assertEquals(tasks.size(), rank);
    }

    /**
     * The benchmark thread waits for a batch once, whatever the model: waiting on each task's
     * future in turn would wake it once per task still running, a cost of the harness's join
     * charged to the model. The JVM counts every time a thread parks or waits.
     */
    @ParameterizedTest
    @MethodSource("inProcessKinds")
    void theBenchmarkThreadWaitsForABatchOnceWhateverTheModel(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        List<SleepComputeTask> tasks = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            tasks.add(new SleepComputeTask(Duration.ofMillis(2), 1, i));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().threadId();
        long waitsBefore = threads.getThreadInfo(me).getWaitedCount();
        model.runBatch(tasks);
        long waits = threads.getThreadInfo(me).getWaitedCount() - waitsBefore;
        assertTrue(waits <= 2, kind + " made the benchmark thread wait " + waits + " times for one batch");
    }

    private static final Set<ModelKind> SLOT_LIMITED = EnumSet.of(ModelKind.FIXED_POOL, ModelKind.PROCESS_POOL);

    /**
     * Fork-join tasks sleep in {@code managedBlock}, so the pool adds a thread for each worker
     * that blocks while work is queued: with a parallelism of 2, far more than 2 of 32 tasks
     * sleep at once, and the pool says how many threads it had.
     */
    @org.junit.jupiter.api.Test
    void forkJoinAddsAThreadForEachBlockedWorkerAndSaysHowManyItHad() throws Exception {
        model = ModelKind.FORK_JOIN.create(ModelOptions.defaults().withPoolSize(2));
        List<SleepComputeTask> tasks = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            tasks.add(new SleepComputeTask(Duration.ofMillis(200), 1, i));
        }
        model.runBatch(tasks);
        int peak = model.peakPoolThreads().orElseThrow();
        assertTrue(peak >= 24, "a pool of parallelism 2 had at most " + peak + " threads for 32 blocked tasks");
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void onlyAPoolThatGrowsByItselfReportsItsPeak(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        model.runBatch(Workload.CPU.tasks(4, FIXED));
        assertEquals(kind == ModelKind.FORK_JOIN, model.peakPoolThreads().isPresent(), kind.id());
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void aModelIsFoundByItsReportName(ModelKind kind) {
        assertSame(kind, ModelKind.named(kind.id()));
    }

    static Stream<ModelKind> inProcessKinds() {
        return Stream.of(ModelKind.values()).filter(ModelKind::inProcess);
    }

    static Stream<ModelKind> processKinds() {
        return Stream.of(ModelKind.values()).filter(k -> !k.inProcess());
    }

    private static List<SleepComputeTask> longSleeps(int count) {
        return Collections.nCopies(count, new SleepComputeTask(Duration.ofMinutes(10), 1, 1));
    }

    private Thread runInBackground(List<? extends Task> tasks) {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().unstarted(() -> {
            try {
                model.runBatch(tasks);
                outcome.set(new AssertionError("runBatch returned although interrupted"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        outcomes.put(caller, outcome);
        caller.start();
        return caller;
    }

    private void interruptAndExpectInterruptedException(Thread caller) throws InterruptedException {
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(caller.isAlive(), "runBatch did not return after the interrupt");
        assertInstanceOf(InterruptedException.class, outcomes.get(caller).get());
    }

    /** Waits (hang-guarded by the class timeout) until this JVM has {@code count} child processes. */
    static void awaitChildren(int count) throws InterruptedException {
        while (ProcessHandle.current().children().filter(ProcessHandle::isAlive).count() < count) {
            Thread.sleep(20);
        }
    }

    private static List<Task> counting(List<SleepComputeTask> tasks, AtomicIntegerArray completions,
            AtomicInteger started, CountDownLatch firstStart) {
        List<Task> counted = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            counted.add(new CountingTask(tasks.get(i), i, completions, started, firstStart));
        }
        return counted;
    }
}
