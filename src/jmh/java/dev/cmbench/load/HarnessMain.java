package dev.cmbench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The entry point of the harness's own processes, so that the backend's and the generator's CPU
 * is theirs and not the server's. Each raises its threads' priority first ({@link HarnessScheduling}).
 * One line a command on standard input, one line an answer on
 * standard output; the end of standard input ends the process. Errors are one line,
 * {@code ERROR <message>}, and exit status 1.
 *
 * <pre>
 * backend SLEEP_NANOS         → READY port salt
 *   STATS                     → STATS cpuNanos served latenessP99Nanos stalledWrites
 * generator                   → STARTED
 *   CONNECT port connections salt computeUnits      → READY
 *   STEP rate lengthNanos drainNanos                → STEP {@link StepResult} as one line
 * </pre>
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    public static void main(String[] args) {
        if (!HarnessScheduling.raisePriority()) {
            System.err.println("cmbench harness: could not raise its priority to nice " + HarnessScheduling.HARNESS_NICE
                    + " (CAP_SYS_NICE); its own lateness (generatorLagP99, backendLatenessP99) may be larger");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            switch (args.length > 0 ? args[0] : "") {
                case "backend" -> backend(Duration.ofNanos(Long.parseLong(args[1])), in, out);
                case "generator" -> generator(in, out);
                default -> throw new IllegalArgumentException("usage: HarnessMain backend SLEEP_NANOS | generator");
            }
            System.exit(0);
        } catch (Exception e) {
            out.println("ERROR " + e.getMessage());
            System.exit(1);
        }
    }

    private static void backend(Duration sleep, BufferedReader in, PrintStream out) throws IOException {
        try (Backend backend = Backend.start(sleep)) {
            out.println("READY " + backend.address().getPort() + " " + backend.salt());
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.equals("STATS")) {
                    throw new IllegalArgumentException("unknown command '" + line + "'");
                }
                out.println("STATS " + ProcessCpu.nanos() + " " + backend.served() + " "
                        + backend.lateness().getValueAtPercentile(99) + " " + backend.stalledWrites());
            }
        }
    }

    private static void generator(BufferedReader in, PrintStream out) throws IOException, InterruptedException {
        out.println("STARTED");
        String[] connect = words(in.readLine(), "CONNECT", 5);
        ExpectedReplies expected = new ExpectedReplies(Long.parseLong(connect[3]), Long.parseLong(connect[4]));
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(connect[1]));
        try (LoadGenerator generator = LoadGenerator.connect(server, Integer.parseInt(connect[2]), expected)) {
            out.println("READY");
            for (String line; (line = in.readLine()) != null; ) {
                String[] step = words(line, "STEP", 4);
                out.println("STEP " + generator.runStep(Double.parseDouble(step[1]), Duration.ofNanos(Long.parseLong(step[2])),
                        Duration.ofNanos(Long.parseLong(step[3]))).encode());
            }
        }
    }

    private static String[] words(String line, String command, int count) {
        String[] words = line == null ? new String[0] : line.split(" ");
        if (words.length != count || !words[0].equals(command)) {
            throw new IllegalArgumentException("expected " + command + " with " + (count - 1) + " arguments, got '" + line + "'");
        }
        return words;
    }
}
