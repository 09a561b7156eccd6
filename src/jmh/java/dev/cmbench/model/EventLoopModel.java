package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code event-loop}: asyncio on the JVM. One thread runs every task: a task's sleep is a timer
 * on that loop ({@code await asyncio.sleep}, {@code loop.call_later}), so nothing blocks, and
 * when the timer fires the loop thread runs the task's compute. The loop is a one-thread
 * {@link ScheduledThreadPoolExecutor}: a timer queue ordered by deadline and a thread that parks
 * until the earliest one is due, which is what an asyncio (or Netty) event loop is.
 *
 * <p>It overlaps every sleep of a batch, as virtual threads do, and computes on one core only:
 * a batch cannot end before {@code sleep + tasks × compute}, whatever the number of cores, which
 * is what the findings set against the ideal bound. A task whose blocking part is not a plain
 * delay ({@link Task#ioDelay()} empty) blocks the loop, as blocking code called from an asyncio
 * coroutine blocks its loop; the suite's tasks never are such tasks.
 */
final class EventLoopModel implements ConcurrencyModel {

    private final ScheduledThreadPoolExecutor loop;
    private final LatencyRecording latency;

    EventLoopModel(ModelOptions options) {
        loop = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(ModelKind.THREAD_PREFIX + "event-loop").factory());
        loop.setRemoveOnCancelPolicy(true); // a cancelled timer leaves the queue at once, not at its deadline
        loop.prestartAllCoreThreads();
        latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        BatchCompletion completion = new BatchCompletion(tasks.size(), latency);
        List<Future<?>> timers = new ArrayList<>(tasks.size());
        try {
            for (Task task : tasks) {
                Optional<Duration> delay = task.ioDelay();
                if (delay.isPresent()) {
                    timers.add(loop.schedule(() -> compute(task, completion), delay.get().toNanos(), TimeUnit.NANOSECONDS));
                } else {
                    timers.add(loop.submit(() -> blockThenCompute(task, completion)));
                }
            }
            return completion.await();
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            for (Future<?> timer : timers) {
                timer.cancel(true); // a timer not yet due never runs its compute
            }
            throw e;
        }
    }

    private static void compute(Task task, BatchCompletion completion) {
        try {
            completion.taskDone(task.compute());
        } catch (Throwable t) {
            completion.taskFailed(t);
        }
    }

    private static void blockThenCompute(Task task, BatchCompletion completion) {
        try {
            task.awaitIo();
            completion.taskDone(task.compute());
        } catch (Throwable t) {
            completion.taskFailed(t);
        }
    }

    @Override
    public void close() {
        Shutdown.stop(loop, "event-loop");
    }
}
