package dev.cmbench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.OperatingSystemMXBean;
import dev.cmbench.workload.Workload;
import dev.cmbench.workload.WorkloadShape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code env.json}: what anyone checking the results needs to know about the run — machine (its
 * CPU model and SMT topology), JDK, JVM arguments, the run's compute calibration and each fork's
 * own measured speed, the machine's wake-up floor as each fork read it, what went on around the
 * forks (the most CPU other processes used and the hypervisor stole while one measured, and the
 * forks disturbed past the thresholds, which run.json gives fork by fork), the commit, the
 * workloads' definitions (the named ones and any of the user's own that the run's
 * {@code -p workload=} names).
 * The analyzer reads it for the ideal bound and to refuse comparing runs from different
 * environments.
 */
final class EnvironmentRecord {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnvironmentRecord() {
    }

    /**
     * @param calibration the run's calibration, which every fork used
     * @param forkSpeeds  units per µs each fork measured of its own speed (in the order the forks ran)
     * @param floors      the machine's floor as each fork read it ({@link FloorReadings}), in the order the forks ran
     * @param run         where the run stands (its state, forks done and failed)
     * @param side        which side of the run these forks are (this tree, or what an A/B run measured against)
     * @param waking      benchmarks whose figures wake threads, with the wake-ups they contain
     * @param headlines   benchmarks whose figure is a secondary metric, with its name
     * @param controls    benchmarks with a control, with its param, value and the param it is per
     * @param jvmArgs     the arguments the forks inherit from the runner, then those given to JMH
     */
    static byte[] json(SuiteCalibration calibration, List<Double> forkSpeeds, List<JsonNode> floors, RunState run,
            Side side, Map<String, String> waking, Map<String, String> headlines,
            Map<String, Map<String, String>> controls, List<String> jvmArgs, String settings,
            List<String> jmhArgs)
            throws IOException {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("cpu", CpuTopology.read());
        env.put("memoryBytes", ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        Map<String, String> jdk = new LinkedHashMap<>();
        jdk.put("version", Runtime.version().toString());
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("vm", System.getProperty("java.vm.name"));
        env.put("jdk", jdk);
        env.put("jvmArgs", jvmArgs);
        env.put("unitsPerMicro", calibration.calibration().unitsPerMicro());
        env.put("calibrationSource", calibration.source());
        env.put("forkSpeedsUnitsPerMicro", forkSpeeds);
        env.put("forkSpeedsMedian", median(forkSpeeds));
        env.put("run", Map.of("state", run.state(), "forks", run.forksLine(), "failed", run.failed()));
        Map<String, Object> machine = FloorReadings.machineFloor(floors, waking);
        if (machine != null) {
            env.put("machineFloor", machine);
        }
        env.put("forkEnvironment", forkEnvironment(run, run.sides().indexOf(side)));
        env.put("headlineMetrics", headlines);
        env.put("controls", controls);
        env.put("side", Map.of("name", side.name(), "is", side.describe()));
        if (side.jvm() != null) {
            env.put("forkJvm", side.jvm());
        }
        if (side.commit() != null) {
            env.put("gitCommit", side.commit());
            env.put("gitDirty", false);
        } else {
            env.put("gitCommit", git("rev-parse", "HEAD"));
            String status = git("status", "--porcelain");
            env.put("gitDirty", status == null ? null : !status.isBlank());
        }
        env.put("timestamp", Instant.now().toString());
        env.put("settings", settings);
        env.put("jmhArgs", jmhArgs);
        Map<String, Map<String, Double>> workloads = new LinkedHashMap<>();
        for (WorkloadShape w : workloads(jmhArgs)) {
            workloads.put(w.id(), Map.of("sleepMicros", w.sleep().toNanos() / 1e3, "computeMicros", w.compute().toNanos() / 1e3));
        }
        env.put("workloads", workloads);
        return JSON.writeValueAsBytes(env);
    }

    /**
     * The named workloads, then each custom one that {@code -p workload=} in the run's JMH options
     * names, so that the analyzer finds every workload a result names, with its shape.
     */
    static List<WorkloadShape> workloads(List<String> jmhArgs) {
        List<WorkloadShape> all = new ArrayList<>(List.of(Workload.values()));
        try {
            var named = new CommandLineOptions(jmhArgs.toArray(String[]::new)).getParameter("workload");
            for (String id : named.orElse(List.of())) {
                try {
                    WorkloadShape shape = WorkloadShape.of(id);
                    if (!all.contains(shape)) {
                        all.add(shape);
                    }
                } catch (IllegalArgumentException e) {
                    // not a workload: the benchmark's set-up says why, and no result names it
                }
            }
        } catch (CommandLineOptionException e) {
            // the runner has already refused such options
        }
        return all;
    }

    /**
     * Over side {@code side}'s forks that said what went on around them: the thresholds, the
     * most any fork saw of other processes' CPU and of steal, and every disturbed fork.
     */
    static Map<String, Object> forkEnvironment(RunState run, int side) {
        List<RunState.DoneFork> forks = run.done().stream().filter(f -> f.side() == side && f.environment() != null)
                .toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("thresholds", Map.of("otherCpuPercent", ForkEnvironment.MAX_OTHER_CPU_PERCENT,
                "stealPercent", ForkEnvironment.MAX_STEAL_PERCENT));
        summary.put("forks", forks.size());
        summary.put("otherCpuPercentMax", forks.stream().mapToDouble(f -> f.environment().otherCpuPercent()).max()
                .orElse(0));
        summary.put("stealPercentMax", forks.stream().mapToDouble(f -> f.environment().stealPercent()).max().orElse(0));
        List<Map<String, Object>> disturbed = new ArrayList<>();
        for (RunState.DoneFork fork : forks) {
            if (fork.environment().disturbed() != null) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("configuration", run.configurations().get(fork.configuration()));
                one.put("round", fork.round() + 1);
                one.put("why", fork.environment().disturbed());
                disturbed.add(one);
            }
        }
        summary.put("disturbed", disturbed);
        return summary;
    }

    /** The figures the forks appended to {@code log}, one per line; empty if none ran. */
    static List<Double> readCalibrations(Path log) throws IOException {
        List<Double> values = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                if (!line.isBlank()) {
                    values.add(Double.parseDouble(line.strip()));
                }
            }
        }
        return values;
    }

    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Output of a git command in the working directory, or null where there is no git or no repository. */
    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        ChildProcess git = ChildProcess.run(Path.of("."), 1, command);
        return git.succeeded() ? git.output().strip() : null;
    }
}
