package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code process-pool}: {@code poolSize} long-lived worker JVMs (default: one per core) fed over
 * their standard input and answering on standard output with {@link WorkerProtocol} — the
 * notes' {@code ProcessPoolExecutor}.
 *
 * <p>Workers are started, and wait until they report {@code READY}, when the model is built, so
 * no batch pays for JVM start-up. A worker runs one task at a time, on the thread that reads its
 * input, as a {@code ProcessPoolExecutor} worker does, so k workers overlap at most k sleeps.
 * The parent keeps {@code tasksPerWorker} tasks sent to each worker (default two: the one it
 * runs and the next, waiting in its pipe), as {@code ProcessPoolExecutor} keeps calls queued
 * ahead of its workers (max_workers + 1 in one shared queue; pipes are per worker here), so a
 * worker that finishes a task starts the next without waiting for the parent to read its answer.
 * Each worker's reader thread takes its answers and sends its next task ({@link PoolWorker});
 * the batch thread sends the first ones and then waits for the batch once, as for every model.
 * What a batch pays is the pipe round trip and the parsing per task, on the parent's cores.
 *
 * <p>A worker that dies mid-batch (say, {@code kill -9}) ends its output; its reader thread
 * reports that at once, and the batch fails naming the worker and its exit status, with no
 * time-out needed. Workers that had tasks in flight when a batch failed or was interrupted, or
 * that broke the protocol, are killed, and every dead worker is replaced when the next batch
 * starts.
 */
final class ProcessPoolModel implements ConcurrencyModel {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> workerCommand;
    private final int tasksPerWorker;
    private final LatencyRecording latency;
    private final PoolWorker[] workers;

    ProcessPoolModel(ModelOptions options, List<String> workerCommand) {
        this.workerCommand = List.copyOf(workerCommand);
        this.tasksPerWorker = options.tasksPerWorker();
        this.latency = options.latency();
        this.workers = new PoolWorker[options.poolSize()];
        try {
            replaceDeadWorkers();
        } catch (BatchFailedException | RuntimeException e) {
            close();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while process-pool workers were starting", e);
        }
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        List<SleepComputeTask> specs = ProcessTasks.require(tasks, "process-pool");
        replaceDeadWorkers();
        var batch = new PoolBatch(specs, new BatchCompletion(specs.size(), latency));
        try {
            for (PoolWorker worker : workers) {
                worker.serve(batch);
            }
            return batch.completion().await();
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            killBusyWorkers();
            throw e;
        }
    }

    /** Their answers would arrive in the next batch: a killed worker is replaced instead. */
    private void killBusyWorkers() {
        for (int slot = 0; slot < workers.length; slot++) {
            if (workers[slot] != null && workers[slot].busyOrBroken()) {
                workers[slot].kill();
                workers[slot] = null;
            }
        }
    }

    /** Starts a worker in every empty or dead slot and waits until each says READY. */
    private void replaceDeadWorkers() throws BatchFailedException, InterruptedException {
        List<PoolWorker> starting = new ArrayList<>();
        for (int slot = 0; slot < workers.length; slot++) {
            if (workers[slot] == null || !workers[slot].process.isAlive()) {
                if (workers[slot] != null) {
                    workers[slot].kill();
                }
                workers[slot] = PoolWorker.start(slot, workerCommand, tasksPerWorker);
                starting.add(workers[slot]);
            }
        }
        try {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            List<PoolWorker> late = new ArrayList<>();
            for (PoolWorker worker : starting) {
                if (!worker.awaitReady(deadline)) {
                    late.add(worker);
                }
            }
            if (!late.isEmpty()) {
                throw new BatchFailedException("process-pool workers not READY within " + READY_TIMEOUT.toSeconds()
                        + " s: " + late);
            }
        } catch (BatchFailedException | InterruptedException | RuntimeException e) {
            for (PoolWorker worker : starting) { // none of them may serve a batch without its handshake
                worker.kill();
                workers[worker.slot] = null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        for (int slot = 0; slot < workers.length; slot++) {
            if (workers[slot] != null) {
                workers[slot].stop();
                workers[slot] = null;
            }
        }
    }
}
