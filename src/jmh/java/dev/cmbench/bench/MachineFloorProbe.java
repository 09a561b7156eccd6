package dev.cmbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.machine.MachineFloor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;

/**
 * Measures the machine's floor ({@link MachineFloor}) inside the fork, once, right after its last
 * measurement iteration, and appends it as one JSON line to the file the {@value #LOG_PROPERTY}
 * property names, with the fork's benchmark, mode and parameters: so every figure has the floor
 * of its own minutes beside it, in env.json, instead of one probe taken before a run of an hour.
 *
 * <p>After the last iteration, not before the first: the JIT compiler is then quiet, the trial's
 * tear-down has ended the benchmark's own threads and given a confined fork
 * ({@link CpuConfinement}) all its CPUs back, so the probe reads the same machine in every fork,
 * and it takes nothing from the figure (under half a second).
 *
 * <p>The suite adds it to every fork; with plain JMH:
 * {@code -prof dev.cmbench.bench.MachineFloorProbe -jvmArgsPrepend -Dcmbench.floorLog=floor.jsonl}.
 */
public final class MachineFloorProbe implements InternalProfiler {

    public static final String LOG_PROPERTY = "cmbench.floorLog";
    private static final ObjectMapper JSON = new ObjectMapper();

    private int measurementsDone;

    @Override
    public String getDescription() {
        return "cmbench: the machine's wake-up floor, measured in the fork after its last measurement iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        if (iteration.getType() == IterationType.MEASUREMENT && ++measurementsDone == iteration.getCount()) {
            String log = System.getProperty(LOG_PROPERTY);
            if (log != null) {
                record(Path.of(log), benchmark);
            }
        }
        return List.of();
    }

    private static void record(Path log, BenchmarkParams benchmark) {
        try {
            MachineFloor floor = MachineFloor.measure();
            String line = JSON.writeValueAsString(reading(benchmark, floor)) + "\n";
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cmbench: cannot record this fork's machine floor in " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One fork's reading: which fork (benchmark, mode, params, pid, when), then the floor's fields. */
    static Map<String, Object> reading(BenchmarkParams benchmark, MachineFloor floor) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", benchmark.getBenchmark());
        line.put("mode", benchmark.getMode().shortLabel());
        Map<String, String> params = new TreeMap<>();
        for (Object key : benchmark.getParamsKeys()) { // a raw Collection in JMH's API
            params.put(key.toString(), benchmark.getParam(key.toString()));
        }
        line.put("params", params);
        line.put("pid", ProcessHandle.current().pid());
        line.put("at", Instant.now().toString());
        line.put("wakeUpMicros", floor.wakeUpMicros());
        line.put("wakeRoundTripCrossCoreMicros", floor.wakeRoundTripCrossCoreMicros());
        line.put("wakeRoundTripSameCoreMicros", Double.isNaN(floor.wakeRoundTripSameCoreMicros()) ? null
                : floor.wakeRoundTripSameCoreMicros());
        line.put("wakeThreadsPinned", floor.pinned());
        line.put("sleep1msOvershootMicros", floor.sleepOvershootMicros());
        line.put("sleep1msOvershootP90Micros", floor.sleepOvershootP90Micros());
        line.put("nanoTimeGranularityNanos", floor.nanoTimeGranularityNanos());
        return line;
    }
}
