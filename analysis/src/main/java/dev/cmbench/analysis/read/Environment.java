package dev.cmbench.analysis.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cmbench.workload.IdealBound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code env.json} beside a result file says about the machine and the run. Every field is
 * optional: a result file from elsewhere simply has none.
 *
 * @param unitsPerMicro     the compute calibration: what every fork used when {@code calibrationSource}
 *                          says where it came from; in older runs, the median of each fork's own
 * @param forkSpeedsMedian  the median of the speeds the forks measured of themselves (units per µs):
 *                          with one calibration handed to every fork, a host that runs faster or
 *                          slower than at calibration makes each task's compute shorter or longer
 * @param forkSpeedsUpperDecile the upper decile of those speeds ({@code forkSpeedsUnitsPerMicro});
 *                          the median where an older env.json has no list
 * @param workloads         sleep and compute of each named workload, for the ideal bound
 * @param headlineMetrics   benchmarks whose figure is a secondary metric (JMH's primary only frames
 *                          it), by full name, with that metric's name
 * @param cpu               the processor: its model, and how its logical CPUs share cores ({@code cpu})
 * @param forkEnvironments  what went on around the forks while they measured, the disturbed ones named
 * @param controls          benchmarks that measure a fixed cost beside their subject, by full name,
 *                          with the configuration that carries the fixed cost alone
 * @param settings          the suite's settings (quick, full, paired)
 * @param jmhArgs           the JMH options the suite was given, space-separated
 */
public record Environment(Optional<Integer> cores, Optional<Long> memoryBytes, Optional<String> os, Optional<String> jdk,
        Optional<String> jvmArgs, Optional<Double> unitsPerMicro, Optional<Double> forkSpeedsMedian,
        Optional<Double> forkSpeedsUpperDecile, Optional<String> calibrationSource,
        Optional<String> gitCommit, Optional<String> timestamp, Map<String, WorkloadShape> workloads,
        Optional<MachineFloor> floor, Map<String, String> headlineMetrics, Optional<String> cpu,
        Optional<ForkEnvironments> forkEnvironments, Map<String, Control> controls, Optional<String> settings,
        Optional<String> jmhArgs) {

    /**
     * A benchmark's control: the configuration whose {@code param} is {@code value} carries the
     * fixed cost alone; a result's figure beyond it is its difference from that configuration,
     * divided by the value of its parameter {@code per} where that is not empty (per stage).
     */
    public record Control(String param, String value, String per) {
    }

    /**
     * The machine's wake-up floor the suite measured ({@code machineFloor} in env.json): in every
     * fork since the floor moved into the forks, once before the first fork in older runs.
     *
     * @param wakeUpMicros one cross-core wake-up of a parked thread (the median over the forks)
     * @param figures      every figure of the run, by its env.json name, for the report's environment
     * @param waking       benchmarks whose figures are made of wake-ups, by full name, with which
     * @param forks        each fork's reading, in the order the forks ran; empty in older runs
     */
    public record MachineFloor(double wakeUpMicros, Map<String, String> figures, Map<String, String> waking,
            List<ForkFloor> forks) {

        /** The wake-ups the forks of this benchmark with these params read, in the order they ran. */
        public double[] wakeUpMicros(String benchmark, Map<String, String> params) {
            return forks.stream().filter(f -> f.benchmark().equals(benchmark) && f.params().equals(params))
                    .mapToDouble(ForkFloor::wakeUpMicros).toArray();
        }
    }

    /** One fork's reading of the floor: which fork (its benchmark and params) and its cross-core wake-up. */
    public record ForkFloor(String benchmark, Map<String, String> params, double wakeUpMicros) {
    }

    /**
     * The compute a task really did, in time, for the ideal bound: the workload's nominal compute
     * converted to units with the calibration the forks were handed, run at the fastest speed this
     * run showed, the calibration's or the upper decile of the forks' own (never the nominal's
     * more). A speed measurement can only be slowed, by the JIT compiling beside it at a fork's
     * start or by the host, never sped up, so the fast end is the chain's speed and a median lies
     * below it: in one full run the forks' median was 457 units/µs against a calibration of 483,
     * and a bound at the median was 5.5 % too high (a fixed pool ran 1 000 cpu tasks at 102 % of
     * it). The nominal compute where the calibration is unknown.
     */
    public Duration computeDone(Duration nominal) {
        if (unitsPerMicro.isEmpty()) {
            return nominal;
        }
        double fastest = Math.max(unitsPerMicro.get(), forkSpeedsUpperDecile.orElse(0.0));
        return Duration.ofNanos(Math.round(nominal.toNanos() * unitsPerMicro.get() / fastest));
    }

    /**
     * The fastest any model could finish {@code tasks} tasks of {@code workload} on this run's cores,
     * with the compute the forks really did: {@link IdealBound}, the suite's one definition; empty
     * when the cores are unknown.
     */
    public Optional<Duration> idealBound(WorkloadShape workload, int tasks) {
        return cores.map(c -> IdealBound.makespan(tasks, workload.sleep(), computeDone(workload.compute()), c));
    }

    /** One named workload: a task sleeps, then computes. */
    public record WorkloadShape(Duration sleep, Duration compute) {
    }

    public static Environment none() {
        return new Environment(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(),
                Optional.empty(),
                Map.of(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    /** The env.json beside {@code resultFile}, if there is one. */
    static Optional<Environment> besides(Path resultFile) throws InputException {
        Path env = siblingOf(resultFile, "env.json");
        return Files.isRegularFile(env) ? Optional.of(read(env)) : Optional.empty();
    }

    static Path siblingOf(Path file, String name) {
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? Path.of(name) : dir.resolve(name);
    }

    public static Environment read(Path file) throws InputException {
        JsonNode root = ResultReader.readJson(file);
        if (!root.isObject()) {
            throw new InputException(file, "expected a JSON object, found " + ResultReader.describe(root));
        }
        Fields f = new Fields(file, root);
        Map<String, WorkloadShape> workloads = new LinkedHashMap<>();
        JsonNode w = root.get("workloads");
        if (w != null && !w.isNull()) {
            if (!w.isObject()) {
                throw new InputException(file, "workloads must be an object, found " + ResultReader.describe(w));
            }
            for (var entry : w.properties()) {
                Fields shape = new Fields(file, entry.getValue());
                double sleep = shape.number("sleepMicros").orElseThrow(() ->
                        new InputException(file, "workloads." + entry.getKey() + ".sleepMicros is missing"));
                double compute = shape.number("computeMicros").orElseThrow(() ->
                        new InputException(file, "workloads." + entry.getKey() + ".computeMicros is missing"));
                workloads.put(entry.getKey(), new WorkloadShape(micros(sleep), micros(compute)));
            }
        }
        JsonNode jdk = root.get("jdk");
        Optional<String> jdkText = jdk == null || jdk.isNull() ? Optional.empty()
                : Optional.of(jdk.isObject() ? jdk.path("vendor").asText("?") + " " + jdk.path("version").asText("?")
                        : jdk.asText());
        Optional<String> jvmArgs = words(root.get("jvmArgs"));
        Optional<Double> median = f.number("forkSpeedsMedian");
        return new Environment(f.number("cores").map(Double::intValue), f.number("memoryBytes").map(Double::longValue),
                f.text("os"), jdkText, jvmArgs, f.number("unitsPerMicro"), median,
                upperDecile(f.numbers("forkSpeedsUnitsPerMicro")).or(() -> median), f.text("calibrationSource"),
                f.text("gitCommit"), f.text("timestamp"),
                workloads, floor(file, root.get("machineFloor")), names(root.get("headlineMetrics")),
                cpu(root.get("cpu")), forkEnvironments(file, root.get("forkEnvironment")), controls(root.get("controls")),
                f.text("settings"), words(root.get("jmhArgs")));
    }

    /** An array of words (or one string) as one space-separated string; empty when absent. */
    private static Optional<String> words(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty()
                : Optional.of(node.isArray() ? String.join(" ", iterate(node)) : node.asText());
    }

    private static Map<String, Control> controls(JsonNode node) {
        Map<String, Control> controls = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> controls.put(e.getKey(), new Control(e.getValue().path("param").asText(),
                    e.getValue().path("value").asText(), e.getValue().path("per").asText(""))));
        }
        return controls;
    }

    /** "AMD EPYC 7B13: 2 logical CPUs, 2 cores × 1 thread, 1 socket". */
    private static Optional<String> cpu(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        int sockets = node.path("sockets").asInt();
        return Optional.of(node.path("model").asText("unknown") + ": " + node.path("logicalCpus").asInt()
                + " logical CPUs, " + node.path("cores").asInt() + " cores × " + node.path("threadsPerCore").asInt()
                + (node.path("threadsPerCore").asInt() == 1 ? " thread" : " threads (SMT)") + ", " + sockets
                + (sockets == 1 ? " socket" : " sockets"));
    }

    private static Optional<ForkEnvironments> forkEnvironments(Path file, JsonNode node) throws InputException {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(ForkEnvironments.read(file, node));
    }

    private static Optional<MachineFloor> floor(Path file, JsonNode node) throws InputException {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new InputException(file, "machineFloor must be an object, found " + ResultReader.describe(node));
        }
        double wakeUp = new Fields(file, node).number("wakeUpMicros").filter(v -> v > 0).orElseThrow(() ->
                new InputException(file, "machineFloor.wakeUpMicros must be a positive number"));
        Map<String, String> figures = new LinkedHashMap<>();
        Map<String, String> waking = new LinkedHashMap<>();
        for (var field : node.properties()) {
            if (field.getValue().isNumber() || field.getValue().isBoolean()) {
                figures.put(field.getKey(), field.getValue().asText());
            }
        }
        JsonNode benchmarks = node.get("wakingBenchmarks");
        if (benchmarks != null && benchmarks.isObject()) {
            benchmarks.properties().forEach(e -> waking.put(e.getKey(), e.getValue().asText()));
        }
        List<ForkFloor> forks = new ArrayList<>();
        JsonNode readings = node.get("forks");
        if (readings != null && readings.isArray()) {
            for (JsonNode reading : readings) {
                double forkWakeUp = new Fields(file, reading).number("wakeUpMicros").filter(v -> v > 0).orElseThrow(() ->
                        new InputException(file, "each of machineFloor.forks needs a positive wakeUpMicros"));
                forks.add(new ForkFloor(reading.path("benchmark").asText(), new TreeMap<>(names(reading.get("params"))),
                        forkWakeUp));
            }
        }
        return Optional.of(new MachineFloor(wakeUp, figures, waking, List.copyOf(forks)));
    }

    private static Map<String, String> names(JsonNode node) {
        Map<String, String> names = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
        }
        return names;
    }

    /** The value a tenth of the values lie above (the largest of fewer than ten); empty for none. */
    static Optional<Double> upperDecile(List<Double> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = values.stream().sorted().toList();
        return Optional.of(sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1));
    }

    private static List<String> iterate(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Duration micros(double micros) {
        return Duration.ofNanos(Math.round(micros * 1_000));
    }

    /** Typed access to optional fields, with an error that names the field when its type is wrong. */
    private record Fields(Path file, JsonNode node) {
        Optional<Double> number(String field) throws InputException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isNumber()) {
                throw new InputException(file, field + " must be a number, found " + ResultReader.describe(v));
            }
            return Optional.of(v.doubleValue());
        }

        /** An array of numbers; empty when the field is absent. */
        List<Double> numbers(String field) throws InputException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return List.of();
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode n : v.isArray() ? v : List.<JsonNode>of()) {
                if (!n.isNumber()) {
                    break;
                }
                values.add(n.doubleValue());
            }
            if (!v.isArray() || values.size() != v.size()) {
                throw new InputException(file, field + " must be an array of numbers, found " + ResultReader.describe(v));
            }
            return values;
        }

        Optional<String> text(String field) throws InputException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isValueNode()) {
                throw new InputException(file, field + " must be a string, found " + ResultReader.describe(v));
            }
            return Optional.of(v.asText());
        }
    }
}
