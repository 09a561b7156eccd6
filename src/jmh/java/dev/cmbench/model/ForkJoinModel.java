package dev.cmbench.model;

import dev.cmbench.workload.Task;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code fork-join}: a {@link ForkJoinPool} of its own (parallelism = poolSize, default one per
 * core) running the batch as divide-and-conquer: split the range in halves, fork one, compute
 * the other, join — so idle workers steal work from busy ones' deques.
 *
 * <p>A worker that sleeps in {@code Thread.sleep} blocks without telling the pool (it is not a
 * {@code ManagedBlocker}), so sleeps do not make the pool add threads. A worker that waits in
 * {@code join()} for a stolen subtask may, however, make the pool start a compensation thread
 * to keep parallelism up: how many sleeps overlap is the pool's decision, which is what this
 * model shows.
 *
 * <p>Tasks report to a {@link BatchCompletion}, which the benchmark thread waits on, as for
 * every model; the root's own join, inside the pool, is the model's work.
 */
final class ForkJoinModel implements ConcurrencyModel {

    private final ForkJoinPool pool;
    private final LatencyRecording latency;

    ForkJoinModel(ModelOptions options) {
        AtomicInteger workers = new AtomicInteger();
        this.pool = new ForkJoinPool(options.poolSize(), p -> {
            var worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            worker.setName(ModelKind.THREAD_PREFIX + "fork-join-" + workers.getAndIncrement());
            return worker;
        }, null, false);
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
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

    @Override
    public void close() {
        Shutdown.stop(pool, "fork-join");
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
                long checksum = tasks.get(index).call();
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
