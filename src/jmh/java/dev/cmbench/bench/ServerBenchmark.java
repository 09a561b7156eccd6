package dev.cmbench.bench;

import dev.cmbench.load.Descriptors;
import dev.cmbench.load.LoadHarness;
import dev.cmbench.load.StepResult;
import dev.cmbench.model.LeakCheck;
import dev.cmbench.model.ModelOptions;
import dev.cmbench.model.WorkerLaunch;
import dev.cmbench.server.RunningServer;
import dev.cmbench.server.ServerKind;
import dev.cmbench.server.ServerOptions;
import dev.cmbench.server.ServerUsage;
import dev.cmbench.workload.Calibration;
import dev.cmbench.workload.WorkloadShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.AggregationPolicy;

/**
 * One load step against one server {@code kind} on real loopback sockets: {@code connections}
 * persistent connections carry {@code rate} requests per second for {@code stepMillis}, each
 * request read, sent to a backend that answers after the workload's sleep, computed on (the
 * workload's compute) and answered with a checksum the generator verifies.
 *
 * <p><b>The figures are secondary metrics</b>, the primary score being the step's wall time (its
 * length, plus the drain of its last replies): {@code latency.p50}, {@code latency.p99},
 * {@code latency.p99.9} (ms, from each request's intended send time, over the step's whole
 * histogram), {@code achievedRate} (replies per second while the schedule sent), the server's CPU
 * time and heap allocation per request ({@code serverCpuPerRequest}, {@code serverAllocPerRequest}:
 * every thread of its JVM or JVMs, GC and JIT included), the harness's CPU per request beside it
 * ({@code generatorCpuPerRequest}, {@code backendCpuPerRequest}), {@code timeouts} (requests still
 * unanswered a drain after the step), {@code generatorBehind} (1 if the generator's own lateness is a
 * large part of the latency it measured: that step's latency is not the server's alone) and the harness's own lateness
 * ({@code generatorLagP99}, {@code backendLatenessP99}).
 *
 * <p>Excluded: starting the server, the backend and the generator, and opening the connections
 * (trial set-up, in which every connection also gets its backend connection before the first step).
 * The warm-up steps run at the step's rate and length, so that the server's code is compiled and its
 * pools are at their working size before a step is measured. Measured: after warm-up steps of
 * 300 ms, the compiler took 0.35-1.35 s of CPU during the measured io step at 10 000 requests/s of
 * virtual, event-loop, async and loop-per-core (0.06-0.20 s after a whole step), and their p99 was
 * 218-564 ms where whole warm-up steps had given 16-44 ms (an earlier sweep of 1 s steps).
 *
 * <p>Pitfalls avoided: coordinated omission (the generator is open-loop, {@link
 * dev.cmbench.load.LoadGenerator}: a request's latency runs from when it was due, whether or not the
 * server was ready for it, and an unanswered request is counted at its wait so far); a harness that
 * takes the server's CPU unseen (the backend and the generator run in processes of their own, and
 * their CPU per request is reported beside the server's); a server that skips work (the reply's
 * checksum needs the backend's answer, salted with a value only the backend knows, and the
 * workload's compute on it; a wrong, repeated or skipped reply fails the step); Nagle's delay
 * (TCP_NODELAY on every socket); leaks (the tear-down checks that every socket opened is closed and
 * no thread or process is left).
 *
 * <p>{@code poolSize} sizes what a kind has a pool of (fixed-pool's request threads, loop-per-core's
 * loops, async's channel group, coroutines-nio2's threads, prefork's worker processes), 0 meaning one per core; 200, Tomcat's
 * default, is a configuration of {@code fixed-pool} only, and the suite leaves it out for the
 * others. Connections need two descriptors each in the server's JVM: more than the machine allows
 * are refused before the first fork.
 *
 * <p>Run just this: {@code java -jar target/benchmarks.jar ServerBenchmark -p kind=virtual,event-loop
 * -p workload=io -p rate=1000,3000 -p connections=1000 -p poolSize=0 -prof dev.cmbench.bench.SecondaryMetricsProfiler}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 1, batchSize = 1)
public class ServerBenchmark {

    @Param({"platform", "fixed-pool", "virtual", "event-loop", "loop-per-core", "async", "coroutines", "coroutines-nio2",
            "prefork"})
    public String kind;

    @Param({"io", "mixed"})
    public String workload;

    /** Requests per second the generator sends, spread evenly over the connections. */
    @Param({"300", "1000", "3000", "10000", "30000"})
    public int rate;

    /** The suite's full grid sweeps 100 and 10 000 at 3 000 requests/s only (SuiteSettings.keeps). */
    @Param({"100", "1000", "10000"})
    public int connections;

    /** What a pooled kind has a pool of; 0 means one per core. 200 only for fixed-pool. */
    @Param({"200", "0"})
    public int poolSize;

    /** How long a step sends; its last replies then have {@link #drainAfter} to come. */
    @Param({"1000"})
    public int stepMillis;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Duration DRAIN_FLOOR = Duration.ofMillis(250);

    /** Connections past the machine's descriptor limit cannot run; a pool size other kinds ignore means nothing. */
    public static final SkipRule SKIPS = new SkipRule(List.of("kind", "workload", "poolSize", "rate", "connections"),
            p -> Descriptors.tooManyFor(Integer.parseInt(p.get("connections"))),
            p -> Integer.parseInt(p.get("poolSize")) != 0 && ServerKind.named(p.get("kind")) != ServerKind.FIXED_POOL
                    ? Optional.of("poolSize " + p.get("poolSize") + " means nothing to " + p.get("kind")
                            + ": only fixed-pool takes a pool size other than one per core")
                    : Optional.empty());

    private LoadHarness harness;
    private RunningServer server;
    private Duration drain;
    private long socketsAtStart;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SKIPS.refuse(Map.of("kind", kind, "workload", workload, "poolSize", Integer.toString(poolSize),
                "rate", Integer.toString(rate), "connections", Integer.toString(connections)));
        socketsAtStart = Descriptors.openSockets().orElse(0L);
        WorkloadShape shape = WorkloadShape.of(workload);
        drain = drainAfter(shape.sleep());
        long computeUnits = Calibration.current().unitsFor(shape.compute());
        harness = LoadHarness.start(shape.sleep(), WorkerLaunch.current());
        server = ServerKind.named(kind).serve(new ServerOptions(harness.backendAddress(), computeUnits,
                poolSize > 0 ? poolSize : ModelOptions.cores()));
        harness.connect(server.address(), connections, computeUnits);
        awaitReady();
    }

    /**
     * How long a step waits for its last replies: twice the default SLO (ten sleeps), at least
     * {@link #DRAIN_FLOOR}. A request still unanswered then is far past any SLO; it is counted as a
     * time-out at its wait so far, so that an overloaded server's step ends in bounded time.
     */
    static Duration drainAfter(Duration sleep) {
        Duration twiceTheSlo = sleep.multipliedBy(20);
        return twiceTheSlo.compareTo(DRAIN_FLOOR) > 0 ? twiceTheSlo : DRAIN_FLOOR;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (server.connectionsReady() < connections) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(kind + " had " + server.connectionsReady() + " of " + connections
                        + " connections ready after " + READY_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    @Benchmark
    @HeadlineMetric("latency.p99")
    public void loadStep(Blackhole blackhole) throws Exception {
        ServerUsage before = server.usage();
        LoadHarness.Step step = harness.step(rate, Duration.ofMillis(stepMillis), drain);
        ServerUsage used = server.usage().minus(before);
        StepResult seen = step.generator();
        requireRightReplies(kind, seen);
        publish(seen, step, used);
        blackhole.consume(seen.answered());
    }

    /** A wrong, repeated, skipped or cut-off reply fails the step: a server that does not serve is not timed. */
    static void requireRightReplies(String kind, StepResult seen) {
        if (seen.errors() > 0) {
            throw new IllegalStateException(kind + " gave " + seen.errors() + " wrong replies in a step of " + seen.sent()
                    + " requests; the first: " + seen.firstError());
        }
    }

    private static void publish(StepResult seen, LoadHarness.Step step, ServerUsage used) {
        double served = Math.max(1, seen.replies()); // what the server's and the backend's CPU went to in that time
        SecondaryMetricsProfiler.iterationLatency(seen.latency());
        SecondaryMetricsProfiler.gauge("achievedRate", seen.achievedRate(), "req/s");
        SecondaryMetricsProfiler.gauge("serverCpuPerRequest", used.cpuNanos() / 1e3 / served, "µs/req");
        SecondaryMetricsProfiler.gauge("serverAllocPerRequest", used.allocatedBytes() / served, "B/req");
        SecondaryMetricsProfiler.gauge("generatorCpuPerRequest", seen.generatorCpuNanos() / 1e3 / seen.sent(), "µs/req");
        SecondaryMetricsProfiler.gauge("backendCpuPerRequest", step.backendCpuNanos() / 1e3 / served, "µs/req");
        SecondaryMetricsProfiler.gauge("timeouts", seen.timeouts(), "requests");
        SecondaryMetricsProfiler.gauge("generatorBehind", seen.generatorBehind() ? 1 : 0, "steps", AggregationPolicy.MAX);
        SecondaryMetricsProfiler.gauge("generatorLagP99", seen.sendLagP99Nanos() / 1e6, "ms");
        SecondaryMetricsProfiler.gauge("backendLatenessP99", step.backendLatenessP99Nanos() / 1e6, "ms");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (harness != null) {
            harness.stopLoad();
        }
        if (server != null) {
            server.close();
        }
        if (harness != null) {
            harness.close();
        }
        awaitSocketsClosed();
        LeakCheck.assertNothingLeft(CLOSE_GRACE);
    }

    /** Every socket the trial opened is closed again, within a grace for closes still under way. */
    private void awaitSocketsClosed() throws InterruptedException {
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        long open = Descriptors.openSockets().orElse(socketsAtStart);
        while (open > socketsAtStart && System.nanoTime() < deadline) {
            Thread.sleep(10);
            open = Descriptors.openSockets().orElse(socketsAtStart);
        }
        if (open > socketsAtStart) {
            throw new IllegalStateException(kind + " left " + (open - socketsAtStart) + " socket(s) open after close()");
        }
    }
}
