package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code fork-join}: a {@link ForkJoinPool} of its own (parallelism = poolSize, default one per
 * core) running the batch as divide-and-conquer: split the range in halves, fork one, compute
 * the other, join — so idle workers steal work from busy ones' deques.
 *
 * <p>Each task blocks the way the pool's documentation asks, inside
 * {@link ForkJoinPool#managedBlock}: a worker about to sleep tells the pool, which keeps its
 * parallelism by starting (or waking) another worker while work is queued, up to its maximum
 * ({@link #MAX_THREADS}, this constructor's default). So the pool grows to about one thread per
 * task asleep at once, and keeps the threads for its keep-alive (60 s) after the batch: it
 * overlaps the sleeps as a thread per task does, and its compute runs on the workers awake,
 * which briefly exceed the parallelism when sleepers return. A plain {@code Thread.sleep} would
 * leave it to the pool's join compensation, an implementation detail, how many sleep at once.
 * {@link #peakPoolThreads()} says how many threads the pool had during the last batch.
 *
 * <p>Tasks report to a {@link BatchCompletion}, which the benchmark thread waits on, as for
 * every model; the root's own join, inside the pool, is the model's work.
 */
final class ForkJoinModel implements ConcurrencyModel {

    /**
     * The most threads the pool may have, blocked ones included: the maximum pool size that
     * {@code new ForkJoinPool(parallelism, factory, handler, asyncMode)} gives (its {@code MAX_CAP}).
     */
    static final int MAX_THREADS = 0x7fff;

    private final ForkJoinPool pool;
    private final LatencyRecording latency;
    /** Pool threads alive now, and the most alive at once since the last batch started. */
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    ForkJoinModel(ModelOptions options) {
        AtomicInteger workers = new AtomicInteger();
        this.pool = new ForkJoinPool(options.poolSize(), p -> {
            var worker = new CountedWorker(p);
            worker.setName(ModelKind.THREAD_PREFIX + "fork-join-" + workers.getAndIncrement());
            return worker;
        }, null, false);
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        peak.set(alive.get());
        Batch batch = new Batch(tasks, new BatchCompletion(tasks.size(), latency));
        ForkJoinTask<Long> root = pool.submit(new Split(batch, 0, tasks.size()));
        try {
            return batch.completion.await();
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            batch.cancel();
            root.cancel(true);
            throw e;
        }
    }

    /** The most pool threads alive at once during the last batch (those it kept from earlier batches included). */
    @Override
    public OptionalInt peakPoolThreads() {
        return OptionalInt.of(peak.get());
    }

    @Override
    public void close() {
        Shutdown.stop(pool, "fork-join");
    }

    /** A pool worker that counts itself in and out, so the model can say how large the pool grew. */
    private final class CountedWorker extends ForkJoinWorkerThread {
        CountedWorker(ForkJoinPool pool) {
            super(pool);
        }

        @Override
        protected void onStart() {
            super.onStart();
            peak.accumulateAndGet(alive.incrementAndGet(), Math::max);
        }

        @Override
        protected void onTermination(Throwable exception) {
            alive.decrementAndGet();
            super.onTermination(exception);
        }
    }

    /** What all subtasks of one batch share: the tasks, where they report, and the cancel flag. */
    private static final class Batch {
        private final List<? extends Task> tasks;
        private final BatchCompletion completion;
        private volatile boolean cancelled;

        Batch(List<? extends Task> tasks, BatchCompletion completion) {
            this.tasks = tasks;
            this.completion = completion;
        }

        long runTask(int index) {
            if (cancelled) {
                return 0; // the batch has already failed or been interrupted; its sum is discarded
            }
            try {
                Task task = tasks.get(index);
                ForkJoinPool.managedBlock(new IoBlocker(task));
                long checksum = task.compute();
                completion.taskDone(checksum);
                return checksum;
            } catch (Throwable t) {
                completion.taskFailed(t);
                cancelled = true;
                throw TaskFailure.of(t);
            }
        }

        void cancel() {
            cancelled = true;
        }
    }

    /** A task's blocking part, run where the pool knows a worker is blocked ({@link ForkJoinPool#managedBlock}). */
    private static final class IoBlocker implements ForkJoinPool.ManagedBlocker {
        private final Task task;
        private boolean done;

        /** A task whose blocking part is a wait of zero (the cpu workload) has nothing to block on: no compensation. */
        IoBlocker(Task task) {
            this.task = task;
            this.done = task.ioDelay().filter(Duration::isZero).isPresent();
        }

        @Override
        public boolean block() throws InterruptedException {
            try {
                task.awaitIo();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw TaskFailure.of(e);
            }
            done = true;
            return true;
        }

        @Override
        public boolean isReleasable() {
            return done;
        }
    }

    private static final class Split extends RecursiveTask<Long> {
        private final Batch batch;
        private final int from;
        private final int to;

        Split(Batch batch, int from, int to) {
            this.batch = batch;
            this.from = from;
            this.to = to;
        }

        @Override
        protected Long compute() {
            if (to - from == 1) {
                return batch.runTask(from);
            }
            int middle = (from + to) >>> 1;
            Split right = new Split(batch, middle, to);
            right.fork();
            long left = new Split(batch, from, middle).compute();
            return left + right.join();
        }
    }
}
