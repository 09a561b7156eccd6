package dev.cmbench.model;

import dev.cmbench.workload.SleepComputeTask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The child JVM of the process models: {@code main} of a separate JVM, started by the parent
 * with {@link WorkerLaunch}.
 *
 * <ul>
 *   <li>{@code --once SLEEP_NANOS UNITS SEED}: runs one task, prints {@code DONE 0 <checksum>},
 *       exits ({@code process}: a JVM per task, like {@code os.fork} or {@code multiprocessing.Process}).</li>
 *   <li>{@code --serve}: prints {@code READY}, then runs each {@code TASK} line it reads, one at a
 *       time, in order, on the thread that reads them, and answers each, until its standard input
 *       ends ({@code process-pool}, like a {@code ProcessPoolExecutor} worker, which takes a call
 *       from its queue, runs it and sends back its result). Tasks the parent sent ahead wait in
 *       the pipe.</li>
 * </ul>
 * When standard input ends the worker exits: the parent has closed the pool, or died, and nobody
 * is left to read the answers. A parent that dies while a task runs is noticed when the task
 * ends, by the end of input or by the broken pipe of its answer.
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
        } else if (args.length == 1 && args[0].equals("--serve")) {
            serve();
        } else {
            System.err.println("usage: ProcessWorker --once SLEEP_NANOS UNITS SEED | --serve");
            System.exit(EXIT_BAD_INPUT);
        }
    }

    private static void serve() throws IOException {
        // Raw streams: System.in's buffer adds a lock per read, and PrintStream would swallow the
        // broken pipe of a parent that is gone.
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        send(out, WorkerProtocol.READY + "\n");
        var in = new WorkerProtocol.LineReader(new FileInputStream(FileDescriptor.in));
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                WorkerProtocol.Request request = WorkerProtocol.parseRequest(line);
                String reply;
                try {
                    reply = WorkerProtocol.done(request.id(), request.task().call());
                } catch (Throwable t) {
                    reply = WorkerProtocol.failed(request.id(), t);
                }
                send(out, reply);
            }
        } catch (WorkerProtocol.ProtocolException e) {
            System.err.println("cmbench worker: " + e.getMessage());
            Runtime.getRuntime().halt(EXIT_BAD_INPUT);
        }
        Runtime.getRuntime().halt(0);
    }

    private static void send(OutputStream out, String line) {
        try {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the parent is gone
        }
    }
}
