package dev.cmbench.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.cli.OutputFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

/**
 * Where each finished fork goes: saved at once under {@code forks/}, merged into its side's
 * {@code jmh.json} (every configuration's forks as one JMH result whose {@code rawData} holds each
 * fork's iterations, in round order, so any JMH tool reads it, and an A/B run's fork k of a
 * configuration on each side ran in the same round), and counted in {@code run.json}. A run
 * that fails or is killed so leaves a valid {@code jmh.json} of what finished; a resumed one
 * reads the saved forks back.
 *
 * <p>A new run first removes every file an earlier run left in the directory ({@link #clear}),
 * so that nothing of it can pass for this run's.
 */
final class ForkArchive {

    static final String STATE_FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** What a run writes; all of it goes when a new run starts in the same directory. */
    private static final List<String> RUN_FILES = List.of("jmh.json", "env.json", "skipped.json", "report.md",
            "report.html", "report.csv", "compare.md", ForkOptions.CALIBRATION_LOG, ForkOptions.FLOOR_LOG,
            ForkOptions.ENVIRONMENT_LOG, STATE_FILE);
    private static final List<String> RUN_DIRECTORIES = List.of("forks", "latency", "charts", Side.AGAINST);

    private final Path out;
    private final Map<RoundSchedule.Slot, RunResult> forks = new LinkedHashMap<>();
    private RunState state;

    private ForkArchive(Path out, RunState state) {
        this.out = out;
        this.state = state;
    }

    /** Removes every file an earlier run left in {@code out}, before a new run makes anything of its own there. */
    static void clear(Path out) throws IOException {
        Files.createDirectories(out);
        for (String file : RUN_FILES) {
            Files.deleteIfExists(out.resolve(file));
        }
        for (String dir : RUN_DIRECTORIES) {
            deleteTree(out.resolve(dir));
        }
    }

    /** A new run in {@code out}, which {@link #clear} has emptied of an earlier run's files: records {@code state}. */
    static ForkArchive start(Path out, RunState state) throws IOException {
        Files.createDirectories(out.resolve("forks"));
        ForkArchive archive = new ForkArchive(out, state);
        archive.writeState();
        return archive;
    }

    /** The run recorded in {@code out}, with its saved forks; throws with the reason if there is none to resume. */
    static ForkArchive resume(Path out) throws IOException {
        Path stateFile = out.resolve(STATE_FILE);
        if (!Files.isRegularFile(stateFile)) {
            throw new IllegalArgumentException("nothing to resume: no " + stateFile);
        }
        RunState state;
        try {
            state = JSON.readValue(stateFile.toFile(), RunState.class);
        } catch (JsonProcessingException e) {
            // Jackson's message ends with where in the source; the file is named already.
            String problem = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\s*\\(start marker at.*$", "");
            throw new IllegalArgumentException("cannot resume: " + stateFile + " is not a run state this runner wrote ("
                    + problem + "); start a new run without -Dbench.resume");
        }
        if (state.state() == null || state.sides().isEmpty()) {
            throw new IllegalArgumentException("cannot resume: " + stateFile + " lacks the run's state or sides;"
                    + " start a new run without -Dbench.resume");
        }
        if (state.state().equals(RunState.COMPLETE)) {
            throw new IllegalArgumentException("nothing to resume: the run in " + out + " is complete");
        }
        if (state.state().equals(RunState.RUNNING) && ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)
                && state.pid() != ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("the run in " + out + " is still going on, in process " + state.pid());
        }
        ForkArchive archive = new ForkArchive(out, state.resumedBy(ProcessHandle.current().pid()));
        for (RunState.DoneFork fork : state.done()) {
            archive.forks.put(fork.slot(), read(out.resolve("forks").resolve(fork.file())));
        }
        archive.dropForksWithoutTheirPair();
        archive.writeState();
        return archive;
    }

    /**
     * In an A/B run, a fork whose other side did not finish in its round is dropped with its
     * latency logs, so that the resume runs the pair again back to back: a pair is two forks of
     * the same minutes, not one of an hour ago.
     */
    private void dropForksWithoutTheirPair() throws IOException {
        if (state.sides().size() < 2) {
            return;
        }
        for (RunState.DoneFork fork : List.copyOf(state.done())) {
            if (!forks.containsKey(partnerOf(fork.slot()))) {
                forks.remove(fork.slot());
                state.done().remove(fork);
                for (String log : fork.latencyLogs()) {
                    Files.deleteIfExists(sideDirectory(fork.side()).resolve(ForkOptions.LATENCY_DIR).resolve(log));
                }
            }
        }
    }

    private static RoundSchedule.Slot partnerOf(RoundSchedule.Slot slot) {
        return new RoundSchedule.Slot(slot.round(), slot.configuration(), 1 - slot.side());
    }

    synchronized RunState state() {
        return state;
    }

    Set<RoundSchedule.Slot> doneSlots() {
        return forks.keySet();
    }

    /**
     * Saves a finished fork, then rewrites {@code jmh.json} and {@code run.json} with it.
     *
     * @param latencyLogs the latency logs the fork wrote, by file name
     * @param environment what went on around the fork while it measured, or null if it did not say
     */
    synchronized void saved(RoundSchedule.Slot slot, RunResult result, double seconds, List<String> latencyLogs,
            ForkEnvironment environment) throws IOException {
        String file = name(slot) + ".ser";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(result);
        }
        OutputFiles.writeAtomically(out.resolve("forks").resolve(file), bytes.toByteArray());
        forks.put(slot, result);
        state.done().add(new RunState.DoneFork(slot.round(), slot.configuration(), slot.side(), file, seconds,
                latencyLogs, environment, ForkValue.of(result)));
        for (int side = 0; side < state.sides().size(); side++) {
            writeMergedJson(side); // in an A/B run, a completed pair adds a fork to both sides
        }
        writeState();
    }

    /** Records the plan of the second stage, made at the look; its forks join the planned ones. */
    synchronized void looked(StagePlan plan) throws IOException {
        int extraPairs = plan.secondStagePairs().stream().mapToInt(Integer::intValue).sum();
        state = state.withStages(plan, extraPairs * state.sides().size());
        writeState();
    }

    /**
     * The disturbance of the pair {@code slot} ends, when both its forks are saved and one of them
     * was disturbed: why; else null.
     */
    synchronized String pairDisturbance(RoundSchedule.Slot slot) {
        List<RunState.DoneFork> pair = savedForksOfPair(slot);
        if (pair.size() != 2) {
            return null;
        }
        return pair.stream().filter(f -> f.environment() != null && f.environment().disturbed() != null)
                .map(f -> state.sides().get(f.side()).name() + ": " + f.environment().disturbed())
                .reduce((a, b) -> a + "; " + b).orElse(null);
    }

    /**
     * Forgets both forks of the pair {@code slot} ends, to be run again: out of run.json and both
     * sides' jmh.json, recorded as a pair run again with why and what it cost. What the forks left
     * beside their results (latency logs, log lines) the caller removes.
     */
    synchronized void forgetPair(RoundSchedule.Slot slot, String why) throws IOException {
        List<RunState.DoneFork> pair = savedForksOfPair(slot);
        for (RunState.DoneFork fork : pair) {
            state.done().remove(fork);
            forks.remove(fork.slot());
            Files.deleteIfExists(out.resolve("forks").resolve(fork.file()));
        }
        state.rerun().add(new RunState.RerunPair(slot.round(), slot.configuration(), why,
                pair.stream().mapToDouble(RunState.DoneFork::seconds).sum()));
        for (int side = 0; side < state.sides().size(); side++) {
            writeMergedJson(side);
        }
        writeState();
    }

    /** The saved forks of the pair {@code slot} belongs to: both sides' of its configuration in its round. */
    private List<RunState.DoneFork> savedForksOfPair(RoundSchedule.Slot slot) {
        return state.done().stream()
                .filter(f -> f.round() == slot.round() && f.configuration() == slot.configuration()).toList();
    }

    synchronized void failed(RoundSchedule.Slot slot, String configuration, String why) throws IOException {
        state.failed().add(new RunState.FailedFork(slot.round(), state.sides().get(slot.side()).name(), configuration, why));
        writeState();
    }

    /** Marks the run complete, or partial if any fork failed or is missing; or interrupted. */
    synchronized void end(boolean interrupted) throws IOException {
        state = state.withState(interrupted ? RunState.INTERRUPTED
                : state.finished() && state.failed().isEmpty() ? RunState.COMPLETE : RunState.PARTIAL);
        writeState();
    }

    /**
     * The directory of side {@code side}'s files: OUT for this tree, {@code OUT/against} for the
     * side an A/B run measures against.
     */
    Path sideDirectory(int side) {
        return side == 0 ? out : out.resolve(Side.AGAINST);
    }

    /**
     * Every configuration's forks on {@code side} merged into one JMH result each, in the grid's order;
     * in an A/B run only the forks whose other side finished in the same round, so that fork k of
     * a result on one side is paired with fork k on the other.
     */
    List<RunResult> merged(int side) {
        boolean paired = state.sides().size() > 1;
        Map<Integer, List<RoundSchedule.Slot>> byConfiguration = forks.keySet().stream()
                .filter(slot -> slot.side() == side && (!paired || forks.containsKey(partnerOf(slot))))
                .sorted(Comparator.comparingInt(RoundSchedule.Slot::configuration).thenComparingInt(RoundSchedule.Slot::round))
                .collect(Collectors.groupingBy(RoundSchedule.Slot::configuration, LinkedHashMap::new, Collectors.toList()));
        List<RunResult> merged = new ArrayList<>();
        for (List<RoundSchedule.Slot> slots : byConfiguration.values()) {
            List<BenchmarkResult> all = new ArrayList<>();
            slots.forEach(slot -> all.addAll(forks.get(slot).getBenchmarkResults()));
            merged.add(new RunResult(forks.get(slots.get(0)).getParams(), all));
        }
        return merged; // in the grid's order (benchmarks by name, then their parameter values in order), as JMH's own
    }

    /**
     * JMH's own JSON of the merged results. JMH writes the fork count its runs were told (1 each);
     * the file says how many forks each result really has.
     */
    private void writeMergedJson(int side) throws IOException {
        Path dir = Files.createDirectories(sideDirectory(side));
        Path partial = Files.createTempFile(dir, ".jmh", ".json.part");
        try {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, partial.toString()).writeOut(merged(side));
            JsonNode results = JSON.readTree(partial.toFile());
            for (JsonNode result : results) {
                JsonNode primary = result.path("primaryMetric");
                int forkCount = primary.has("rawData") ? primary.get("rawData").size() : primary.path("rawDataHistogram").size();
                ((ObjectNode) result).put("forks", forkCount);
            }
            OutputFiles.writeAtomically(dir.resolve("jmh.json"), JSON.writeValueAsBytes(results));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private void writeState() throws IOException {
        OutputFiles.writeAtomically(out.resolve(STATE_FILE), JSON.writeValueAsBytes(state));
    }

    /** A saved fork, read back; a file that is missing or not one is refused in one line. */
    private static RunResult read(Path file) {
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            return (RunResult) objects.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("cannot resume: " + file + " is not a fork this runner saved (" + e
                    + "); start a new run without -Dbench.resume");
        }
    }

    /** Where JMH's own output of a fork goes, beside its saved result: {@code forks/r0-c3-s0.log}. */
    Path logOf(RoundSchedule.Slot slot) {
        return out.resolve("forks").resolve(name(slot) + ".log");
    }

    private static String name(RoundSchedule.Slot slot) {
        return "r" + slot.round() + "-c" + slot.configuration() + "-s" + slot.side();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
