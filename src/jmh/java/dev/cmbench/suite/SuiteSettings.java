package dev.cmbench.suite;

import dev.cmbench.bench.BatchBenchmark;
import dev.cmbench.bench.CancelBenchmark;
import dev.cmbench.bench.ContextBenchmark;
import dev.cmbench.bench.FailureBenchmark;
import dev.cmbench.bench.LockBenchmark;
import dev.cmbench.bench.ServerBenchmark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Quick or full: the benchmark classes' annotations are the full settings; quick overrides them
 * from the command line, never by copies. Anything the user passes to JMH wins over both.
 *
 * <p>Quick is one fork of every configuration, for an overview in about 20 minutes here: one fork
 * gives no interval (the report says so; forks are the replicates), so its iterations only need to
 * make the fork's own mean steady, and every second they take is paid ~240 times. Most benchmarks:
 * 10 iterations of 100 ms after 3 warm-ups of 200 ms (on a 2-vCPU VM anything that wakes another
 * thread varies 10-40 % from one iteration to the next, so many short ones rather than a few long).
 * Batches (10 ms to 3 s each): 5 iterations of 200 ms after 6 warm-ups of 200 ms (with 3 warm-ups,
 * the first two measured iterations of a cpu batch still ran beside the JIT compiler, 40 %
 * slower). Footprint 2 shots after one, a server's load step one warm-up step and one measured.
 * Fewer parameter values: batches of 100 tasks, locks on platform threads at 1 and 16 threads
 * (uncontended, and oversubscribed on any machine), footprint at 100 units, the one-CPU contrast on
 * start + join, hand-off and the switches only, servers at 1 000 connections, five rates from 300
 * to 30 000 requests per second and steps of 800 ms (in an hour of high steal, steps of 500 ms put
 * three kinds' io capacity at 3 000/s where 800 ms and 1 s steps gave 10 000/s).
 */
public enum SuiteSettings {
    /** Every family, short iterations: the default of {@code mvn verify -Pbench}. */
    QUICK(new Plan(new Iterations(3, TimeValue.milliseconds(200), 10, TimeValue.milliseconds(100)),
            new Iterations(6, TimeValue.milliseconds(200), 5, TimeValue.milliseconds(200)),
            new Iterations(1, TimeValue.milliseconds(200), 2, TimeValue.milliseconds(200)),
            Iterations.loadStepOneAndOne())),
    /**
     * What an A/B run under quick settings uses: the quick grid in shorter forks, because there the
     * replicates are the pairs (only a fork's value enters the paired test) and a pair costs two
     * forks. A fork warms up in two iterations, so that the first boundary between iterations
     * (where JMH's own threads run the pool code a fixed pool's tasks compiled, and the compiled
     * code meets a type it has not seen) falls in the warm-up: batches 2 × 1 s, the others 2 ×
     * 300 ms. It measures in four, whose median is the fork's robust value beside their mean:
     * batches 4 × 200 ms, the others 4 × 125 ms; single shots one shot after one warm-up. A batch
     * longer than an iteration (a child process per task: 1.9 s) runs once an iteration.
     */
    PAIRED(new Plan(new Iterations(2, TimeValue.milliseconds(300), 4, TimeValue.milliseconds(125)),
            new Iterations(2, TimeValue.milliseconds(1000), 4, TimeValue.milliseconds(200)),
            new Iterations(1, TimeValue.milliseconds(200), 1, TimeValue.milliseconds(200)),
            Iterations.loadStepOneAndOne())),
    /**
     * The annotations as written, the whole parameter grid (less the server configurations
     * {@link #keeps} leaves out): three forks (the replicates the gate's fork-level test needs) of
     * 20 × 200 ms, batches 4 × 1 s, spawns 6 × 1 s, locks 10 × 200 ms, footprint 3 shots, servers 2 forks of one
     * measured step. Measured on the published run of 2026-11-26: fork means of the first 20 of
     * their 40 iterations spread 1.33 times as far (median; 0.37 % against 0.22 %), far inside the
     * ±2.2 % runs an hour apart move; batch fork means of the first 4 of 6 spread as far (1.04 times).
     */
    FULL(null);

    /** Warm-up and measurement iterations, with their lengths (ignored for single shots). */
    private record Iterations(int warmups, TimeValue warmupTime, int measurements, TimeValue measurementTime) {

        /**
         * A load step is a single shot of {@code stepMillis} at one rate: one warm-up step at that
         * rate (the server's code compiled, its pools grown), then one measured step.
         */
        static Iterations loadStepOneAndOne() {
            return new Iterations(1, TimeValue.milliseconds(200), 1, TimeValue.milliseconds(200));
        }
    }

    /** Iterations for most benchmarks, for batches, for single-shot ones and for load steps. */
    private record Plan(Iterations others, Iterations batches, Iterations shots, Iterations loadSteps) {

        Iterations of(String benchmark, Mode mode) {
            if (benchmark.startsWith(ServerBenchmark.class.getName() + ".")) {
                return loadSteps;
            }
            return mode == Mode.SingleShotTime ? shots
                    : benchmark.startsWith(BatchBenchmark.class.getName() + ".") ? batches : others;
        }
    }

    /** Null for the annotations' own settings. */
    private final Plan plan;

    SuiteSettings(Plan plan) {
        this.plan = plan;
    }

    /** The one rate of the full grid's sweep of a server's connections. */
    public static final String CONNECTIONS_SWEEP_RATE = "3000";

    /**
     * Whether the grid of these settings keeps the configuration {@code params} of {@code benchmark}
     * (a full method name). A server's rates are swept at 1 000 connections, and its connections
     * (100 and 10 000 in full) at {@value #CONNECTIONS_SWEEP_RATE} requests/s only: the whole product
     * (10 kinds and pool sizes × 2 workloads × 5 rates × 3 counts) would take most of a 90-minute
     * publish run by itself. A user's {@code -p rate} or {@code -p connections} asks for the whole
     * product of what it names.
     */
    static boolean keeps(String benchmark, Map<String, String> params, CommandLineOptions user) {
        if (!benchmark.startsWith(ServerBenchmark.class.getName() + ".") || user.getParameter("rate").hasValue()
                || user.getParameter("connections").hasValue()) {
            return true;
        }
        return "1000".equals(params.get("connections")) || CONNECTIONS_SWEEP_RATE.equals(params.get("rate"));
    }

    /** The settings an A/B run ({@code paired}) uses where these were asked for. */
    SuiteSettings forPairs(boolean paired) {
        return paired && this == QUICK ? PAIRED : this;
    }

    private static final Map<String, List<String>> QUICK_PARAMS = Map.of(
            "tasks", List.of("100"),
            "threads", List.of("1", "16"),
            "units", List.of("100"),
            "connections", List.of("1000"),
            "rate", List.of("300", "1000", "3000", "10000", "30000"),
            "stepMillis", List.of("800"));

    /**
     * Where quick narrows one benchmark more than the others, to shorten the quick suite: the
     * one-CPU contrast of cancel, failure and context (start + join, hand-off and the
     * switches keep theirs), and the locks on virtual threads. Both are in the full grid and one
     * {@code -p} away in quick ({@code -Djmh.args="-p cpus=1,2"}, {@code -p thread=platform,virtual}).
     */
    private static final Map<String, Map<String, List<String>>> QUICK_PARAMS_OF = Map.of(
            CancelBenchmark.class.getName(), Map.of("cpus", List.of("2")),
            FailureBenchmark.class.getName(), Map.of("cpus", List.of("2")),
            ContextBenchmark.class.getName(), Map.of("cpus", List.of("2")),
            LockBenchmark.class.getName(), Map.of("thread", List.of("platform")));

    /**
     * Sets on {@code options} the settings of this mode that the user did not set, for
     * {@code benchmark} (a full name, or "" for a run of many) measured in {@code mode}.
     */
    void apply(CommandLineOptions user, ChainedOptionsBuilder options, String benchmark, Mode mode) {
        if (plan == null) {
            return;
        }
        Iterations iterations = plan.of(benchmark, mode);
        if (!user.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!user.getWarmupIterations().hasValue()) {
            options.warmupIterations(iterations.warmups());
        }
        if (!user.getWarmupTime().hasValue()) {
            options.warmupTime(iterations.warmupTime());
        }
        if (!user.getMeasurementIterations().hasValue()) {
            options.measurementIterations(iterations.measurements());
        }
        if (!user.getMeasurementTime().hasValue()) {
            options.measurementTime(iterations.measurementTime());
        }
    }

    /**
     * The values this mode gives parameter {@code param} of {@code benchmark} (a full method name)
     * instead of the annotation's, if any; the user's {@code -p} wins over them.
     */
    Optional<List<String>> paramValues(String benchmark, String param) {
        if (plan == null) {
            return Optional.empty();
        }
        String benchmarkClass = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        List<String> own = QUICK_PARAMS_OF.getOrDefault(benchmarkClass, Map.of()).get(param);
        return Optional.ofNullable(own != null ? own : QUICK_PARAMS.get(param));
    }
}
