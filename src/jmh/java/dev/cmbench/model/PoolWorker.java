package dev.cmbench.model;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker JVM of a {@link ProcessPoolModel}: its input pipe, the tasks sent to it and not yet
 * answered (in the order sent, which is the order it runs and answers them), and the platform
 * thread that reads its output and dispatches: each answer completes its task and sends the
 * worker the next task of the batch, so that, as in {@code ProcessPoolExecutor}, where a manager
 * thread takes the results and refills the call queue, the caller only waits for the batch.
 *
 * <p>The batch thread sends each worker its first {@code tasksPerWorker} tasks; the reader keeps
 * it at that many until the batch has no task left. With two, a worker that finishes a task finds
 * the next one waiting in its pipe and never waits for the parent to read its answer.
 */
final class PoolWorker {

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(2);

    final int slot;
    final Process process;
    private final OutputStream input;
    private final Thread reader;
    private final int tasksPerWorker;
    /** Completed by the reader on the worker's READY, or with why it never came. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Sent and not yet answered, oldest first; guarded by this, as are the next two. */
    private final Queue<InFlight> inFlight = new ArrayDeque<>();
    private PoolBatch batch;
    private long nextTaskId = 1;
    /** Broke the protocol: it must not serve another batch. */
    private volatile boolean broken;

    private record InFlight(long id, int index, PoolBatch batch) {
    }

    private PoolWorker(int slot, Process process, int tasksPerWorker) {
        this.slot = slot;
        this.process = process;
        this.input = process.getOutputStream();
        this.tasksPerWorker = tasksPerWorker;
        this.reader = Thread.ofPlatform().daemon().name(ModelKind.THREAD_PREFIX + "process-pool-reader-" + slot)
                .start(this::pump);
    }

    static PoolWorker start(int slot, List<String> command, int tasksPerWorker) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new PoolWorker(slot, process, tasksPerWorker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start process-pool worker " + slot + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the worker has said READY, at most until {@code deadlineNanos} (System.nanoTime). */
    boolean awaitReady(long deadlineNanos) throws BatchFailedException, InterruptedException {
        try {
            ready.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw (BatchFailedException) e.getCause();
        }
    }

    /** Serves {@code next}: sends it this worker's first tasks. Called by the batch thread. */
    synchronized void serve(PoolBatch next) {
        batch = next;
        feed();
    }

    /** Sends tasks of the batch until {@code tasksPerWorker} are in flight or none are left. */
    private void feed() {
        int index;
        while (inFlight.size() < tasksPerWorker && (index = batch.take()) >= 0) {
            long id = nextTaskId++;
            try {
                input.write(WorkerProtocol.task(id, batch.task(index)).getBytes(StandardCharsets.US_ASCII));
                input.flush();
            } catch (IOException e) {
                fail(batch, new BatchFailedException(this + " " + exitStatus() + " (cannot send it task " + index + ": "
                        + e.getMessage() + ")"));
                return;
            }
            inFlight.add(new InFlight(id, index, batch));
        }
    }

    /** Whether it has tasks in flight, or broke the protocol: either way it must not serve the next batch. */
    synchronized boolean busyOrBroken() {
        return !inFlight.isEmpty() || broken;
    }

    private void pump() {
        var lines = new WorkerProtocol.LineReader(process.getInputStream());
        String problem = null;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (ready.isDone()) {
                    answered(line);
                } else if (line.equals(WorkerProtocol.READY)) {
                    ready.complete(null);
                } else {
                    ready.completeExceptionally(new BatchFailedException(this + " broke the protocol: expected "
                            + WorkerProtocol.READY + ", got " + WorkerProtocol.quote(line)));
                }
            }
        } catch (WorkerProtocol.ProtocolException e) {
            problem = e.getMessage();
        } catch (IOException e) {
            problem = "reading its output failed: " + e.getMessage();
        }
        ended(problem == null ? "" : " (" + problem + ")");
    }

    private synchronized void answered(String line) {
        WorkerProtocol.Reply reply;
        try {
            reply = WorkerProtocol.parseReply(line);
        } catch (WorkerProtocol.ProtocolException e) {
            brokeProtocol(e.getMessage());
            return;
        }
        InFlight task = inFlight.peek();
        if (task == null || task.id() != reply.id()) {
            brokeProtocol("answered task " + reply.id() + ", which it was not running");
            return;
        }
        inFlight.remove();
        switch (reply) {
            case WorkerProtocol.Done done -> {
                task.batch().completion().taskDone(done.checksum());
                feed();
            }
            case WorkerProtocol.Failed failed -> fail(task.batch(), new BatchFailedException(new RemoteTaskException(
                    "task " + task.index() + " failed in " + this + ": " + failed.message())));
        }
    }

    private void brokeProtocol(String what) {
        broken = true;
        if (batch != null) {
            fail(batch, new BatchFailedException(this + " broke the protocol: " + what));
        }
    }

    /** Its output ended: it exited or was killed. A batch it serves fails, unless already done. */
    private void ended(String problem) {
        if (!ready.isDone()) {
            ready.completeExceptionally(new BatchFailedException(this + " " + exitStatus() + " before it was READY"
                    + problem));
            return;
        }
        PoolBatch serving;
        int unanswered;
        synchronized (this) {
            broken = true;
            serving = batch;
            unanswered = inFlight.size();
        }
        if (serving != null && !serving.completion().isDone()) {
            fail(serving, new BatchFailedException(this + " " + exitStatus() + " with " + unanswered
                    + " task(s) in flight" + problem));
        }
    }

    private static void fail(PoolBatch batch, BatchFailedException failure) {
        batch.completion().taskFailed(failure);
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

    /** End of input, then SIGTERM, then SIGKILL: see {@link Shutdown#stop(Process, Duration)}. */
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
