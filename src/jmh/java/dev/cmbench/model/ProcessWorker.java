package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The child JVM of the process models: {@code main} of a separate JVM, started by the parent
 * with {@link WorkerLaunch}.
 *
 * <ul>
 *   <li>{@code --once SLEEP_NANOS UNITS SEED}: runs one task, prints {@code DONE 0 <checksum>},
 *       exits ({@code process}: a JVM per task, like {@code os.fork} or {@code multiprocessing.Process}).</li>
 *   <li>{@code --serve TASKS_IN_FLIGHT}: prints {@code READY}, then runs each {@code TASK} line
 *       it reads, at most TASKS_IN_FLIGHT at once (the parent never sends more), until its
 *       standard input ends ({@code process-pool}, like {@code ProcessPoolExecutor}).</li>
 * </ul>
 * When standard input ends the worker exits at once, even with tasks in flight: the parent has
 * closed the pool, or died, and nobody is left to read the answers.
 */
public final class ProcessWorker {

    /** Exit status for a request the worker cannot parse or a bad command line. */
    static final int EXIT_BAD_INPUT = 2;

    private ProcessWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--once")) {
            var task = new SleepComputeTask(Duration.ofNanos(Long.parseLong(args[1])), Long.parseLong(args[2]),
                    Long.parseLong(args[3]));
            System.out.print(WorkerProtocol.done(0, task.call()));
            System.out.flush();
        } else if (args.length == 2 && args[0].equals("--serve")) {
            serve(Integer.parseInt(args[1]));
        } else {
            System.err.println("usage: ProcessWorker --once SLEEP_NANOS UNITS SEED | --serve TASKS_IN_FLIGHT");
            System.exit(EXIT_BAD_INPUT);
        }
    }

    private static void serve(int tasksInFlight) throws IOException {
        Replies out = new Replies(new FileOutputStream(FileDescriptor.out));
        // One task at a time runs on one platform thread, as in ProcessPoolExecutor; several
        // get a virtual thread each so that their sleeps overlap.
        ExecutorService runner = tasksInFlight == 1
                ? Executors.newSingleThreadExecutor()
                : Executors.newVirtualThreadPerTaskExecutor();
        out.send(WorkerProtocol.READY + "\n");
        var in = new WorkerProtocol.LineReader(System.in);
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                WorkerProtocol.Request request = WorkerProtocol.parseRequest(line);
                runner.execute(() -> {
                    try {
                        out.send(WorkerProtocol.done(request.id(), request.task().call()));
                    } catch (Throwable t) {
                        out.send(WorkerProtocol.failed(request.id(), t));
                    }
                });
            }
        } catch (WorkerProtocol.ProtocolException e) {
            System.err.println("cmbench worker: " + e.getMessage());
            Runtime.getRuntime().halt(EXIT_BAD_INPUT);
        }
        Runtime.getRuntime().halt(0);
    }

    /** Whole lines only: replies from concurrent tasks never interleave. */
    private static final class Replies {
        private final OutputStream out;

        /** A raw stream: PrintStream would swallow the broken pipe of a parent that is gone. */
        Replies(OutputStream out) {
            this.out = out;
        }

        synchronized void send(String line) {
            try {
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                Runtime.getRuntime().halt(0); // the parent is gone
            }
        }
    }
}
