package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code platform}: a new platform thread per task, all started, then all joined — Python's
 * {@code threading.Thread} subclass with {@code start()} and {@code join()}.
 *
 * <p>Thread creation and start (a kernel thread, a stack mapping, a clone syscall) is part of
 * every batch here, as it is for code written this way. The benchmark thread waits for the
 * batch once, in {@link BatchCompletion}, as for every model; the {@code join()} of the notes
 * happens at the start of the next batch (or in close()), when the threads, which had nothing
 * left to do but exit, are gone. Joining them right away would wake the benchmark thread once
 * per thread still exiting, a cost of the harness's wait rather than of the model; their exit's
 * CPU time still falls inside the measured batches.
 */
final class PlatformThreadModel implements ConcurrencyModel {

    private final LatencyRecording latency;
    /** The last batch's threads: each has reported its task and has only its exit left. */
    private List<Thread> exiting = List.of();

    PlatformThreadModel(ModelOptions options) {
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        joinExiting();
        BatchCompletion completion = new BatchCompletion(tasks.size(), latency);
        Thread.Builder builder = Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "platform-", 0);
        List<Thread> started = new ArrayList<>(tasks.size());
        try {
            for (Task task : tasks) {
                started.add(builder.start(() -> {
                    try {
                        completion.taskDone(task.call());
                    } catch (Throwable t) {
                        completion.taskFailed(t);
                    }
                }));
            }
            long sum = completion.await();
            exiting = started;
            return sum;
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            // Failed, interrupted, or a thread could not be created: stop what runs, leave nothing behind.
            Shutdown.interruptAndJoin(started);
            throw e;
        }
    }

    private void joinExiting() throws InterruptedException {
        for (Thread thread : exiting) {
            thread.join();
        }
        exiting = List.of();
    }

    @Override
    public void close() {
        Shutdown.joinAll(exiting);
        exiting = List.of();
    }
}
