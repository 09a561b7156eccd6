package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code platform}: a new platform thread per task, all started, then all joined — Python's
 * {@code threading.Thread} subclass with {@code start()} and {@code join()}.
 *
 * <p>Thread creation and start (a kernel thread, a stack mapping, a clone syscall) is part of
 * every batch here, as it is for code written this way. Nothing is pooled, so close() has
 * nothing to release: every thread has been joined before runBatch returns.
 */
final class PlatformThreadModel implements ConcurrencyModel {

    private final LatencyRecording latency;

    PlatformThreadModel(ModelOptions options) {
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        int n = tasks.size();
        long[] checksums = new long[n];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread.Builder builder = Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "platform-", 0);
        List<Thread> started = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                Task task = tasks.get(i);
                int slot = i;
                long submitted = latency.taskSubmitted();
                started.add(builder.start(() -> {
                    try {
                        checksums[slot] = task.call();
                        latency.taskDone(submitted);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Thread thread : started) {
                thread.join();
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            // Interrupted, or a thread could not be created: stop what runs, leave nothing behind.
            Shutdown.interruptAndJoin(started);
            throw e;
        }
        if (failure.get() != null) {
            throw new BatchFailedException(failure.get());
        }
        long sum = 0;
        for (long checksum : checksums) {
            sum += checksum;
        }
        return sum;
    }

    @Override
    public void close() {
    }
}
