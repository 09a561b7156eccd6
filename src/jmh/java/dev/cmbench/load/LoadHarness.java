package dev.cmbench.load;

import dev.cmbench.model.WorkerLaunch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What stands around a server under test, the same for every server kind, in processes of its
 * own: the backend it calls and the open-loop generator that loads it. Both JVMs start at once;
 * the server is built between {@link #start} and {@link #connect}, since it needs the backend's
 * address and the generator needs the server's.
 *
 * <p>Each {@link #step} returns what the generator saw, with the CPU time the generator and the
 * backend spent on it, so that the harness's share of the machine is shown beside the server's.
 */
public final class LoadHarness implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final HarnessProcess backend;
    private final HarnessProcess generator;
    private final InetSocketAddress backendAddress;
    private final long salt;

    /** What a step cost the harness, beside what the generator saw. */
    public record Step(StepResult generator, long backendCpuNanos, long backendLatenessP99Nanos) {
    }

    private LoadHarness(HarnessProcess backend, HarnessProcess generator, InetSocketAddress backendAddress, long salt) {
        this.backend = backend;
        this.generator = generator;
        this.backendAddress = backendAddress;
        this.salt = salt;
    }

    /** Starts a backend answering after {@code sleep} and a generator waiting to connect. */
    public static LoadHarness start(Duration sleep, WorkerLaunch launch) throws IOException, InterruptedException {
        HarnessProcess backend = HarnessProcess.start("the load backend",
                launch.serving(HarnessMain.class, "backend", Long.toString(sleep.toNanos())));
        HarnessProcess generator = null;
        try {
            generator = HarnessProcess.start("the load generator", launch.serving(HarnessMain.class, "generator"));
            String[] ready = backend.await("READY", START_TIMEOUT).split(" ");
            generator.await("STARTED", START_TIMEOUT);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(ready[0]));
            return new LoadHarness(backend, generator, address, Long.parseLong(ready[1]));
        } catch (IOException | InterruptedException | RuntimeException e) {
            backend.close();
            if (generator != null) {
                generator.close();
            }
            throw e;
        }
    }

    public InetSocketAddress backendAddress() {
        return backendAddress;
    }

    /** Opens the generator's {@code connections} to {@code server}, whose replies must carry {@code computeUnits} of compute. */
    public void connect(InetSocketAddress server, int connections, long computeUnits) throws IOException, InterruptedException {
        generator.ask("CONNECT " + server.getPort() + " " + connections + " " + salt + " " + computeUnits, "READY",
                START_TIMEOUT);
    }

    /** One load step; waits at most the step, its drain and a minute more. */
    public Step step(double rate, Duration length, Duration drain) throws IOException, InterruptedException {
        long backendCpuBefore = backendCpuNanos();
        String answer = generator.ask("STEP " + rate + " " + length.toNanos() + " " + drain.toNanos(), "STEP",
                length.plus(drain).plus(START_TIMEOUT));
        StepResult result = StepResult.decode(answer);
        String[] stats = backend.ask("STATS", "STATS", START_TIMEOUT).split(" ");
        return new Step(result, Long.parseLong(stats[0]) - backendCpuBefore, Long.parseLong(stats[2]));
    }

    private long backendCpuNanos() throws IOException, InterruptedException {
        return Long.parseLong(backend.ask("STATS", "STATS", START_TIMEOUT).split(" ")[0]);
    }

    /** Closes the generator's connections and ends its process: the server sees every client leave. */
    public void stopLoad() {
        generator.close();
    }

    /** Ends both processes (the generator first, if {@link #stopLoad} has not). */
    @Override
    public void close() {
        generator.close();
        backend.close();
    }
}
