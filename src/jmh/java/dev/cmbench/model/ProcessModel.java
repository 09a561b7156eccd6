package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import dev.cmbench.workload.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code process}: a child JVM per task — {@code os.fork} / {@code multiprocessing.Process} in the
 * notes. All of a batch's children are started, then all awaited; each prints
 * {@code DONE 0 <checksum>}, which the parent reads strictly (one whole line, exit status 0).
 *
 * <p>Every batch pays for process creation and JVM start-up per task; the children use the
 * fast-start flags of {@link WorkerLaunch#ONCE_FLAGS} and its AOT cache, so the comparison is
 * fair to processes. How much of the cost is the JVM and how much the process is what
 * {@code SpawnBenchmark} splits. Each child's exit ({@link Process#onExit()}) reports its task
 * to the {@link BatchCompletion} the benchmark thread waits on, as for every model. A failed or
 * interrupted batch kills its remaining children.
 */
final class ProcessModel implements ConcurrencyModel {

    private final Function<SleepComputeTask, List<String>> childCommand;
    private final LatencyRecording latency;

    /** {@code childCommand} gives the command of the child that runs a task ({@link WorkerLaunch#once}). */
    ProcessModel(ModelOptions options, Function<SleepComputeTask, List<String>> childCommand) {
        this.childCommand = childCommand;
        this.latency = options.latency();
    }

    @Override
    public long runBatch(List<? extends Task> tasks) throws InterruptedException, BatchFailedException {
        List<SleepComputeTask> specs = ProcessTasks.require(tasks, "process");
        BatchCompletion completion = new BatchCompletion(specs.size(), latency);
        List<Process> children = new ArrayList<>(specs.size());
        try {
            for (int i = 0; i < specs.size(); i++) {
                Process child = start(specs.get(i));
                children.add(child);
                int index = i;
                // Reported when the child exits, in whatever order the children finish.
                child.onExit().thenAccept(exited -> report(exited, index, completion));
            }
            return completion.await();
        } catch (BatchFailedException | InterruptedException | RuntimeException | Error e) {
            Shutdown.killAll(children);
            throw e;
        }
    }

    private static void report(Process exited, int index, BatchCompletion completion) {
        try {
            completion.taskDone(checksumOf(exited, index));
        } catch (BatchFailedException | RuntimeException e) {
            completion.taskFailed(e);
        }
    }

    private Process start(SleepComputeTask task) throws BatchFailedException {
        try {
            Process child = new ProcessBuilder(childCommand.apply(task))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            child.getOutputStream().close(); // the child reads nothing
            return child;
        } catch (IOException e) {
            throw new BatchFailedException("cannot start a child JVM: " + e.getMessage());
        }
    }

    /** Reads what an exited child printed; its one short line is in the pipe, so nothing blocks. */
    private static long checksumOf(Process child, int index) throws BatchFailedException {
        String who = "child JVM for task " + index + " (pid " + child.pid() + ")";
        int status = child.exitValue();
        List<String> lines = new ArrayList<>();
        String unreadable = null;
        try {
            var reader = new WorkerProtocol.LineReader(child.getInputStream());
            for (String line = reader.readLine(); line != null && lines.size() < 2; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (WorkerProtocol.ProtocolException | IOException e) {
            unreadable = e.getMessage();
        }
        // A crash explains a damaged output, so the exit status is named first.
        if (status != 0) {
            throw new BatchFailedException(who + " exited with status " + status
                    + (unreadable == null ? "" : " (" + unreadable + ")"));
        }
        if (unreadable != null) {
            throw new BatchFailedException(who + " broke the protocol: " + unreadable);
        }
        if (lines.size() != 1) {
            throw new BatchFailedException(who + " must print exactly one line, printed "
                    + (lines.isEmpty() ? "none" : "more"));
        }
        try {
            if (WorkerProtocol.parseReply(lines.get(0)) instanceof WorkerProtocol.Done done && done.id() == 0) {
                return done.checksum();
            }
            throw new BatchFailedException(who + " failed: " + WorkerProtocol.quote(lines.get(0)));
        } catch (WorkerProtocol.ProtocolException e) {
            throw new BatchFailedException(who + " broke the protocol: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        // Every child of a batch has exited or been killed before runBatch returned.
    }
}
