package dev.cmbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.Checksums;
import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Workload;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The process models against real worker JVMs that crash, and against fake children (small
 * shell scripts) that break the protocol. Every failure must be a clear error, never a hang or a
 * wrong checksum; timeouts here only guard against hangs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessModelsTest {

    private static final Calibration FIXED = new Calibration(10);
    private static final List<SleepComputeTask> ONE_TASK = Workload.CPU.tasks(1, FIXED);

    private ConcurrencyModel model;

    @AfterEach
    void closeAndCheckNoChildIsLeft() {
        if (model != null) {
            model.close();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    @Test
    void aWorkerKilledMidBatchFailsTheBatchNamingItAndItsStatusThenIsReplaced() throws Exception {
        model = ModelKind.PROCESS_POOL.create(ModelOptions.defaults().withPoolSize(2));
        ProcessHandle victim = ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst().orElseThrow();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread batch = Thread.ofPlatform().start(() -> {
            try {
                model.runBatch(Collections.nCopies(4, new SleepComputeTask(Duration.ofMinutes(10), 1, 1)));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });

        awaitWaitingForAnswers(batch); // all tasks sent: the kill lands mid-batch, not before it
        victim.destroyForcibly(); // SIGKILL, as kill -9
        batch.join();

        var failed = assertInstanceOf(BatchFailedException.class, outcome.get());
        assertTrue(failed.getMessage().contains("(pid " + victim.pid() + ")"), failed.getMessage());
        assertTrue(failed.getMessage().contains("exited with status 137"), failed.getMessage());
        List<SleepComputeTask> tasks = Workload.MIXED.tasks(8, FIXED);
        assertEquals(Checksums.expected(tasks), model.runBatch(tasks), "the pool must replace the dead worker");
    }

    @Test
    void workersDieWithAParentThatDies() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PoolParent.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String pids = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII)).readLine();
        List<ProcessHandle> workers = Arrays.stream(pids.strip().split(" "))
                .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow()).toList();
        assertEquals(2, workers.size(), pids);

        parent.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
        parent.waitFor();

        for (ProcessHandle worker : workers) {
            worker.onExit().get(60, TimeUnit.SECONDS); // their stdin closed with the parent
        }
    }

    /**
     * close() does not wait forever on a worker that ignores its end of input and SIGTERM: it
     * escalates to SIGKILL (the order of the steps is {@link ShutdownTest}'s), and the leak check
     * after each test finds no child left.
     */
    @Test
    void closeStopsAWorkerThatIgnoresEndOfInputAndSigterm() throws Exception {
        model = new ProcessPoolModel(ModelOptions.defaults().withPoolSize(1),
                sh("echo READY; read c id rest; echo \"DONE $id 5\"; trap '' TERM; exec sleep 600"));
        assertEquals(5, model.runBatch(ONE_TASK));
        assertEquals(1, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
        model.close();
        model = null;
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "the worker outlived close()");
    }

    @Test
    void poolGarbageIsAProtocolError() {
        var failed = poolBatchFailure("echo READY; read task; echo garbage; cat >/dev/null");
        assertTrue(failed.getMessage().contains("broke the protocol")
                && failed.getMessage().contains("got 'garbage'"), failed.getMessage());
    }

    @Test
    void poolTruncatedLineIsAProtocolErrorNotAChecksum() {
        var failed = poolBatchFailure("echo READY; read task; printf 'DONE 1 12'");
        assertTrue(failed.getMessage().contains("exited with status 0")
                && failed.getMessage().contains("truncated line"), failed.getMessage());
    }

    @Test
    void poolAnswerForATaskNeverSentIsRejected() {
        var failed = poolBatchFailure("echo READY; read task; echo 'DONE 999 5'; cat >/dev/null");
        assertTrue(failed.getMessage().contains("answered task 999, which it was not running"), failed.getMessage());
    }

    @Test
    void poolRemoteFailureIsTheCause() {
        var failed = poolBatchFailure("echo READY; read task; echo 'FAIL 1 java.lang.OutOfMemoryError'; cat >/dev/null");
        assertInstanceOf(RemoteTaskException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains("OutOfMemoryError"), failed.getCause().getMessage());
    }

    @Test
    void aWorkerThatDiesBeforeReadyFailsTheModelClearly() {
        var e = assertThrows(IllegalStateException.class,
                () -> new ProcessPoolModel(ModelOptions.defaults().withPoolSize(1), sh("echo starting >&2; exit 3")));
        assertTrue(e.getMessage().contains("exited with status 3 before it was READY"), e.getMessage());
    }

    @Test
    void aWorkerThatSaysSomethingElseThanReadyFailsTheModelClearly() {
        var e = assertThrows(IllegalStateException.class,
                () -> new ProcessPoolModel(ModelOptions.defaults().withPoolSize(1), sh("echo hello; cat")));
        assertTrue(e.getMessage().contains("expected READY, got 'hello'"), e.getMessage());
    }

    @Test
    void childGarbageIsAProtocolError() {
        var failed = childBatchFailure("echo 'DONE 0 twelve'");
        assertTrue(failed.getMessage().contains("broke the protocol"), failed.getMessage());
    }

    @Test
    void childTruncatedLineIsAProtocolError() {
        var failed = childBatchFailure("printf 'DONE 0 12'");
        assertTrue(failed.getMessage().contains("truncated line"), failed.getMessage());
    }

    @Test
    void childExtraOutputIsRejected() {
        var failed = childBatchFailure("echo 'DONE 0 12'; echo 'DONE 0 13'");
        assertTrue(failed.getMessage().contains("exactly one line"), failed.getMessage());
    }

    @Test
    void childCrashNamesItsStatus() {
        var failed = childBatchFailure("echo 'DONE 0 1'; kill -9 $$");
        assertTrue(failed.getMessage().contains("exited with status 137"), failed.getMessage());
    }

    @Test
    void childWithTheRightAnswerCounts() throws Exception {
        model = new ProcessModel(ModelOptions.defaults(), task -> sh("echo 'DONE 0 " + task.seed() + "'"));
        assertEquals(1 + 2 + 3, model.runBatch(Workload.CPU.tasks(3, FIXED)));
    }

    @Test
    void processCannotStartTenThousandJvmsHereAndSaysWhy() {
        Optional<String> reason = ModelKind.PROCESS.cannotRun(Workload.IO, 10_000, ModelOptions.defaults());
        assertTrue(reason.orElseThrow().contains("10000 child JVMs at once"), reason.orElseThrow());
        assertEquals(Optional.empty(), ModelKind.PROCESS.cannotRun(Workload.IO, 10, ModelOptions.defaults()));
    }

    @Test
    void slotLimitedModelsSayHowLongABatchWouldTake() {
        ModelOptions twoSlots = ModelOptions.defaults().withPoolSize(2);
        String reason = ModelKind.PROCESS_POOL.cannotRun(Workload.IO, 10_000, twoSlots).orElseThrow();
        assertTrue(reason.contains("at least 50.1 s per batch"), reason);
        assertTrue(ModelKind.FIXED_POOL.cannotRun(Workload.IO, 10_000, twoSlots).isPresent());
        assertTrue(ModelKind.PROCESS_POOL.cannotRun(Workload.IO, 10_000, twoSlots.withTasksPerWorker(1_000)).isPresent(),
                "tasks sent ahead wait in the worker's pipe: they add no slot");
        assertEquals(Optional.empty(), ModelKind.VIRTUAL.cannotRun(Workload.IO, 10_000, twoSlots));
        assertEquals(Optional.empty(), ModelKind.FORK_JOIN.cannotRun(Workload.IO, 10_000, twoSlots),
                "fork-join adds a thread for each task blocked in managedBlock");
    }

    /**
     * A fake worker that reads two tasks before it answers the first: the parent must have sent
     * the second one ahead, unasked, as ProcessPoolExecutor queues calls ahead of its workers.
     */
    @Test
    void theParentSendsAWorkerItsNextTaskBeforeTheFirstIsAnswered() {
        model = new ProcessPoolModel(ModelOptions.defaults().withPoolSize(1).withTasksPerWorker(2),
                sh("echo READY; read c1 id1 rest1; read c2 id2 rest2; echo \"DONE $id1 5\"; echo \"DONE $id2 7\";"
                        + " cat >/dev/null"));
        long checksum = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> model.runBatch(Workload.CPU.tasks(2, FIXED)), "the worker waited for a second task never sent");
        assertEquals(5 + 7, checksum);
    }

    /**
     * A real worker runs its tasks one at a time, in the order sent, as a ProcessPoolExecutor
     * worker does: the parent takes answers only in that order, so a worker that ran the long
     * first task beside the short second would answer the second first and fail the batch.
     */
    @Test
    void aWorkerRunsTheTasksItIsSentOneAtATimeInOrder() throws Exception {
        model = ModelKind.PROCESS_POOL.create(ModelOptions.defaults().withPoolSize(1).withTasksPerWorker(2));
        List<SleepComputeTask> tasks = List.of(new SleepComputeTask(Duration.ofMillis(300), 10, 1),
                new SleepComputeTask(Duration.ofMillis(1), 10, 2));
        assertEquals(Checksums.expected(tasks), model.runBatch(tasks));
    }

    /**
     * Waits until {@code batch} blocks in the pool's {@code events.take()}, which it reaches only
     * after sending every worker its tasks.
     */
    private static void awaitWaitingForAnswers(Thread batch) throws InterruptedException {
        while (!(batch.getState() == Thread.State.WAITING && Arrays.stream(batch.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(ProcessPoolModel.class.getName())
                        && f.getMethodName().equals("runBatch")))) {
            Thread.sleep(10);
        }
    }

    private BatchFailedException poolBatchFailure(String script) {
        model = new ProcessPoolModel(ModelOptions.defaults().withPoolSize(1), sh(script));
        return assertThrows(BatchFailedException.class, () -> model.runBatch(ONE_TASK));
    }

    private BatchFailedException childBatchFailure(String script) {
        model = new ProcessModel(ModelOptions.defaults(), task -> sh(script));
        return assertThrows(BatchFailedException.class, () -> model.runBatch(ONE_TASK));
    }

    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    private static <T> T assertInstanceOf(Class<T> type, Object value) {
        return org.junit.jupiter.api.Assertions.assertInstanceOf(type, value);
    }
}
