package dev.cmbench.server;

import dev.cmbench.load.HarnessProcess;
import dev.cmbench.model.WorkerLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code prefork}: {@code poolSize} worker JVMs (one per core by default) on one listening port,
 * the notes' multiprocessing as a pre-fork server runs it: each worker binds the port with
 * {@code SO_REUSEPORT} and the kernel spreads connections over them; each serves one request at a
 * time ({@link PreforkWorker}). A worker blocked on the backend serves nobody else, so the server
 * has as many requests in flight as it has workers.
 *
 * <p>The first worker binds an ephemeral port and says which; the others bind that one. What the
 * server uses is what its workers use (asked over their standard input) plus this JVM's.
 */
final class PreforkServer implements RunningServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final List<HarnessProcess> workers = new ArrayList<>();
    private final int port;

    PreforkServer(ServerOptions options, WorkerLaunch launch) throws IOException, InterruptedException {
        try {
            workers.add(start(launch, 0, options));
            port = Integer.parseInt(workers.getFirst().await("LISTENING", START_TIMEOUT));
            for (int i = 1; i < options.poolSize(); i++) {
                workers.add(start(launch, port, options));
            }
            for (HarnessProcess worker : workers.subList(1, workers.size())) {
                worker.await("LISTENING", START_TIMEOUT);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private HarnessProcess start(WorkerLaunch launch, int port, ServerOptions options) throws IOException {
        return HarnessProcess.start("prefork worker " + (workers.size() + 1), launch.serving(PreforkWorker.class,
                Integer.toString(port), Integer.toString(options.backend().getPort()), Long.toString(options.computeUnits())));
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public int connectionsReady() {
        int ready = 0;
        for (String[] stats : stats()) {
            ready += Integer.parseInt(stats[0]);
        }
        return ready;
    }

    @Override
    public ServerUsage usage() {
        ServerUsage usage = ServerUsage.ofThisJvm();
        for (String[] stats : stats()) {
            usage = usage.plus(new ServerUsage(Long.parseLong(stats[1]), Long.parseLong(stats[2])));
        }
        return usage;
    }

    private List<String[]> stats() {
        List<String[]> stats = new ArrayList<>();
        try {
            for (HarnessProcess worker : workers) {
                stats.add(worker.ask("STATS", "STATS", ASK_TIMEOUT).split(" "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the prefork workers", e);
        }
        return stats;
    }

    @Override
    public void close() {
        workers.forEach(HarnessProcess::close);
    }
}
