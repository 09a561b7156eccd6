package dev.cmbench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cmbench.analysis.OutputFiles;
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
 * Where each finished fork goes: saved at once under {@code forks/}, merged into {@code jmh.json}
 * (every configuration's forks as one JMH result whose {@code rawData} holds each fork's
 * iterations, in round order, so any JMH tool reads it), and counted in {@code run.json}. A run
 * that fails or is killed so leaves a valid {@code jmh.json} of what finished; a resumed one
 * reads the saved forks back.
 *
 * <p>Starting a run removes every file an earlier run left in the directory, so that nothing of
 * it can pass for this run's.
 */
final class ForkArchive {

    static final String STATE_FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** What a run writes; all of it goes when a new run starts in the same directory. */
    private static final List<String> RUN_FILES = List.of("jmh.json", "env.json", "skipped.json", "report.md",
            "report.html", "report.csv", "compare.md", "calibration.log", STATE_FILE);
    private static final List<String> RUN_DIRECTORIES = List.of("forks", "latency", "charts");

    private final Path out;
    private final Map<RoundSchedule.Slot, RunResult> forks = new LinkedHashMap<>();
    private RunState state;

    private ForkArchive(Path out, RunState state) {
        this.out = out;
        this.state = state;
    }

    /** A new run in {@code out}: removes an earlier run's files, then records {@code state}. */
    static ForkArchive start(Path out, RunState state) throws IOException {
        Files.createDirectories(out);
        for (String file : RUN_FILES) {
            Files.deleteIfExists(out.resolve(file));
        }
        for (String dir : RUN_DIRECTORIES) {
            deleteTree(out.resolve(dir));
        }
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
        RunState state = JSON.readValue(stateFile.toFile(), RunState.class);
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
        archive.writeState();
        return archive;
    }

    synchronized RunState state() {
        return state;
    }

    Set<RoundSchedule.Slot> doneSlots() {
        return forks.keySet();
    }

    /** Saves a finished fork, then rewrites {@code jmh.json} and {@code run.json} with it. */
    synchronized void saved(RoundSchedule.Slot slot, RunResult result, double seconds) throws IOException {
        String file = "r" + slot.round() + "-c" + slot.configuration() + ".ser";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(result);
        }
        OutputFiles.writeAtomically(out.resolve("forks").resolve(file), bytes.toByteArray());
        forks.put(slot, result);
        state.done().add(new RunState.DoneFork(slot.round(), slot.configuration(), file, seconds));
        writeMergedJson();
        writeState();
    }

    synchronized void failed(RoundSchedule.Slot slot, String configuration, String why) throws IOException {
        state.failed().add(new RunState.FailedFork(slot.round(), configuration, why));
        writeState();
    }

    /** Marks the run complete, or partial if any fork failed or is missing; or interrupted. */
    synchronized void end(boolean interrupted) throws IOException {
        state = state.withState(interrupted ? RunState.INTERRUPTED
                : state.finished() && state.failed().isEmpty() ? RunState.COMPLETE : RunState.PARTIAL);
        writeState();
    }

    /** Every configuration's forks merged into one JMH result each, in JMH's order. */
    List<RunResult> merged() {
        Map<Integer, List<RoundSchedule.Slot>> byConfiguration = forks.keySet().stream()
                .sorted(Comparator.comparingInt(RoundSchedule.Slot::round))
                .collect(Collectors.groupingBy(RoundSchedule.Slot::configuration, LinkedHashMap::new, Collectors.toList()));
        List<RunResult> merged = new ArrayList<>();
        for (List<RoundSchedule.Slot> slots : byConfiguration.values()) {
            List<BenchmarkResult> all = new ArrayList<>();
            slots.forEach(slot -> all.addAll(forks.get(slot).getBenchmarkResults()));
            merged.add(new RunResult(forks.get(slots.get(0)).getParams(), all));
        }
        merged.sort(RunResult.DEFAULT_SORT_COMPARATOR);
        return merged;
    }

    /**
     * JMH's own JSON of the merged results. JMH writes the fork count its runs were told (1 each);
     * the file says how many forks each result really has.
     */
    private void writeMergedJson() throws IOException {
        Path partial = Files.createTempFile(out, ".jmh", ".json.part");
        try {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, partial.toString()).writeOut(merged());
            JsonNode results = JSON.readTree(partial.toFile());
            for (JsonNode result : results) {
                JsonNode primary = result.path("primaryMetric");
                int forkCount = primary.has("rawData") ? primary.get("rawData").size() : primary.path("rawDataHistogram").size();
                ((ObjectNode) result).put("forks", forkCount);
            }
            OutputFiles.writeAtomically(out.resolve("jmh.json"), JSON.writeValueAsBytes(results));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private void writeState() throws IOException {
        OutputFiles.writeAtomically(out.resolve(STATE_FILE), JSON.writeValueAsBytes(state));
    }

    private static RunResult read(Path file) throws IOException {
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            return (RunResult) objects.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("not a saved fork: " + file, e);
        }
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
