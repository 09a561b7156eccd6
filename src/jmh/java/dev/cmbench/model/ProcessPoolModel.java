package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code process-pool}: {@code poolSize} long-lived worker JVMs (default: one per core) fed over
 * their standard input and answering on standard output with {@link WorkerProtocol} — the
 * notes' {@code ProcessPoolExecutor}.
 *
 * <p>Workers are started, and wait until they report {@code READY}, when the model is built, so
 * no batch pays for JVM start-up. By default a worker runs one task at a time, as
 * ProcessPoolExecutor does, so k workers overlap at most k sleeps; {@code tasksPerWorker}
 * allows several in flight per worker for comparison. What a batch pays is the pipe round trip
 * and the parsing per task. The batch thread is the pool's dispatcher: it reads every answer and
 * feeds the next task, so unlike the in-process models it wakes once per answer; that is how
 * a process pool works, not the harness.
 *
 * <p>A worker that dies mid-batch (say, {@code kill -9}) ends its output; its reader thread
 * reports that at once, and the batch fails naming the worker and its exit status, with no
 * time-out needed. Workers that had tasks in flight when a batch failed or was interrupted are
 * killed, and every dead worker is replaced when the next batch starts.
 */
final class ProcessPoolModel implements ConcurrencyModel {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(2);

    private final List<String> workerCommand;
    private final int tasksPerWorker;
    private final LatencyRecording latency;
    private final Worker[] workers;
    /** Everything the reader threads see, in arrival order; only the batch thread takes. */
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private long nextTaskId = 1;

    ProcessPoolModel(ModelOptions options, List<String> workerCommand) {
        this.workerCommand = List.copyOf(workerCommand);
        this.tasksPerWorker = options.tasksPerWorker();
        this.latency = options.latency();
        this.workers = new Worker[options.poolSize()];
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
        var batch = new Batch(specs, new BatchCompletion(specs.size(), latency));
        try {
            for (Worker worker : workers) {
                feed(worker, batch);
            }
            while (!batch.completion.isDone()) {
                Event event = events.take();
                if (workers[event.worker().slot] != event.worker()) {
                    continue; // from a worker already replaced
                }
                switch (event) {
                    case Line line -> answer(line, batch);
                    case Ended ended -> throw new BatchFailedException(ended.worker() + " " + ended.worker().exitStatus()
                            + " with " + ended.worker().inFlight + " task(s) in flight"
                            + (ended.problem() == null ? "" : " (" + ended.problem() + ")"));
                }
            }
            return batch.completion.await(); // done: returns at once
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            killBusyWorkers();
            throw e;
        }
    }

    private void answer(Line line, Batch batch) throws BatchFailedException {
        Worker worker = line.worker();
        WorkerProtocol.Reply reply;
        try {
            reply = WorkerProtocol.parseReply(line.text());
        } catch (WorkerProtocol.ProtocolException e) {
            throw new BatchFailedException(worker + " broke the protocol: " + e.getMessage());
        }
        InFlight task = batch.inFlight.remove(reply.id());
        if (task == null || task.worker() != worker) {
            throw new BatchFailedException(worker + " broke the protocol: answered task " + reply.id()
                    + ", which it was not running");
        }
        worker.inFlight--;
        switch (reply) {
            case WorkerProtocol.Done done -> {
                batch.completion.taskDone(done.checksum());
                feed(worker, batch);
            }
            case WorkerProtocol.Failed failed -> throw new BatchFailedException(new RemoteTaskException(
                    "task " + task.index() + " failed in " + worker + ": " + failed.message()));
        }
    }

    /** Sends the worker tasks until it has {@code tasksPerWorker} in flight or none are left. */
    private void feed(Worker worker, Batch batch) throws BatchFailedException {
        while (worker.inFlight < tasksPerWorker && batch.next < batch.tasks.size()) {
            int index = batch.next++;
            long id = nextTaskId++;
            try {
                worker.send(WorkerProtocol.task(id, batch.tasks.get(index)));
            } catch (IOException e) {
                throw new BatchFailedException(worker + " " + worker.exitStatus() + " (cannot send it task "
                        + index + ": " + e.getMessage() + ")");
            }
            worker.inFlight++;
            batch.inFlight.put(id, new InFlight(worker, index));
        }
    }

    /** Their answers would arrive in the next batch: a killed worker is replaced instead. */
    private void killBusyWorkers() {
        for (int slot = 0; slot < workers.length; slot++) {
            if (workers[slot] != null && workers[slot].inFlight > 0) {
                workers[slot].kill();
                workers[slot] = null;
            }
        }
    }

    /** Starts a worker in every empty or dead slot and waits until each says READY. */
    private void replaceDeadWorkers() throws BatchFailedException, InterruptedException {
        List<Worker> starting = new ArrayList<>();
        for (int slot = 0; slot < workers.length; slot++) {
            if (workers[slot] == null || !workers[slot].process.isAlive()) {
                if (workers[slot] != null) {
                    workers[slot].kill();
                }
                workers[slot] = Worker.start(slot, workerCommand, events);
                starting.add(workers[slot]);
            }
        }
        try {
            awaitReady(starting);
        } catch (BatchFailedException | InterruptedException | RuntimeException e) {
            for (Worker worker : starting) { // none of them may serve a batch without its handshake
                worker.kill();
                workers[worker.slot] = null;
            }
            throw e;
        }
    }

    private void awaitReady(List<Worker> starting) throws BatchFailedException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (starting.stream().anyMatch(w -> !w.ready)) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new BatchFailedException("process-pool workers not READY within " + READY_TIMEOUT.toSeconds()
                        + " s: " + starting.stream().filter(w -> !w.ready).map(Worker::toString).toList());
            }
            if (!starting.contains(event.worker())) {
                continue; // stale, from a worker already replaced
            }
            switch (event) {
                case Line line when line.text().equals(WorkerProtocol.READY) && !line.worker().ready ->
                        line.worker().ready = true;
                case Line line -> throw new BatchFailedException(line.worker() + " broke the protocol: expected "
                        + WorkerProtocol.READY + ", got " + WorkerProtocol.quote(line.text()));
                case Ended ended -> throw new BatchFailedException(ended.worker() + " "
                        + ended.worker().exitStatus() + " before it was READY"
                        + (ended.problem() == null ? "" : " (" + ended.problem() + ")"));
            }
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
        events.clear();
    }

    /**
     * One batch's state, touched only by the batch thread. Its {@link BatchCompletion} counts the
     * answers and stamps each task's latency from the batch's start, like every model's, so a
     * task's wait for a free worker is part of it.
     */
    private static final class Batch {
        final List<SleepComputeTask> tasks;
        final BatchCompletion completion;
        final Map<Long, InFlight> inFlight = new HashMap<>();
        int next;

        Batch(List<SleepComputeTask> tasks, BatchCompletion completion) {
            this.tasks = tasks;
            this.completion = completion;
        }
    }

    private record InFlight(Worker worker, int index) {
    }

    private sealed interface Event {
        Worker worker();
    }

    /** A whole line the worker printed. */
    private record Line(Worker worker, String text) implements Event {
    }

    /** The worker's output ended: it exited or was killed; {@code problem} if its last line was damaged. */
    private record Ended(Worker worker, String problem) implements Event {
    }

    /** One worker JVM, its input pipe, and the platform thread that reads its output. */
    private static final class Worker {
        final int slot;
        final Process process;
        private final OutputStream input;
        private final Thread reader;
        int inFlight;
        boolean ready;

        private Worker(int slot, Process process, BlockingQueue<Event> events) {
            this.slot = slot;
            this.process = process;
            this.input = process.getOutputStream();
            this.reader = Thread.ofPlatform().daemon().name(ModelKind.THREAD_PREFIX + "process-pool-reader-" + slot)
                    .start(() -> pump(events));
        }

        static Worker start(int slot, List<String> command, BlockingQueue<Event> events) {
            try {
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                return new Worker(slot, process, events);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start process-pool worker " + slot + ": " + e.getMessage(), e);
            }
        }

        private void pump(BlockingQueue<Event> events) {
            var lines = new WorkerProtocol.LineReader(process.getInputStream());
            String problem = null;
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    events.add(new Line(this, line));
                }
            } catch (WorkerProtocol.ProtocolException e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = "reading its output failed: " + e.getMessage();
            }
            events.add(new Ended(this, problem));
        }

        void send(String line) throws IOException {
            input.write(line.getBytes(StandardCharsets.US_ASCII));
            input.flush();
        }

        /** "exited with status N", waiting briefly for a dying process to be reaped. */
        String exitStatus() {
            try {
                if (process.waitFor(5, TimeUnit.SECONDS)) {
                    return "exited with status " + process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "stopped answering while still running";
        }

        void kill() {
            Shutdown.killAll(List.of(process));
            joinReader();
        }

        void stop() {
            Shutdown.stop(process, STOP_PATIENCE);
            joinReader();
        }

        private void joinReader() {
            // The reader ends at end of output, which follows the process's exit.
            Shutdown.interruptAndJoin(List.of(reader));
        }

        @Override
        public String toString() {
            return "process-pool worker " + slot + " (pid " + process.pid() + ")";
        }
    }
}
