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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link ConcurrencyModel}, for every model kind. Timeouts here are hang
 * guards, not timing assertions: each test passes in well under a second when the model works.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelContractTest {

    private static final Calibration FIXED = new Calibration(10);

    private ConcurrencyModel model;

    @AfterEach
    void closeAndCheckNothingLeaked() {
        if (model != null) {
            model.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
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
    @EnumSource(ModelKind.class)
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
    @EnumSource(ModelKind.class)
    void aCheckedExceptionFromTheIoPartIsTheCauseToo(ModelKind kind) {
        model = kind.create(ModelOptions.defaults());
        Exception io = new java.io.IOException("connection reset");
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
    @EnumSource(ModelKind.class)
    void anInterruptedBatchStopsAndNoTaskCompletes(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults());
        List<SleepComputeTask> tasks = List.copyOf(
                java.util.Collections.nCopies(16, new SleepComputeTask(Duration.ofMinutes(10), 1, 1)));
        AtomicIntegerArray completions = new AtomicIntegerArray(tasks.size());
        CountDownLatch firstStart = new CountDownLatch(1);
        List<Task> counted = counting(tasks, completions, new AtomicInteger(), firstStart);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                model.runBatch(counted);
                outcome.set(new AssertionError("runBatch returned although interrupted"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });

        assertTrue(firstStart.await(30, TimeUnit.SECONDS), "no task started");
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(caller.isAlive(), "runBatch did not return after the interrupt");
        assertInstanceOf(InterruptedException.class, outcome.get());
        model.close(); // interrupts whatever still sleeps
        model = null;
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(0, completions.get(i), "task " + i + " ran to completion after the interrupt");
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void closeLeavesNoThreadOfTheModelAlive(ModelKind kind) throws Exception {
        model = kind.create(ModelOptions.defaults().withPoolSize(3));
        model.runBatch(Workload.IO.tasks(10, FIXED));
        if (kind == ModelKind.FIXED_POOL || kind == ModelKind.FORK_JOIN) {
            // Pools keep their threads between batches: the check below must be able to see them.
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
                + "completable-future", e.getMessage());
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

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void aModelIsFoundByItsReportName(ModelKind kind) {
        assertSame(kind, ModelKind.named(kind.id()));
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
