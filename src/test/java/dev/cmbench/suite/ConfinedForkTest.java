package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cmbench.machine.ProcessConfinement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -p cpus=1,2} in real forks (a smoke run of a second each): the one-CPU fork passes its
 * own read-back of the confinement (every thread on one CPU, one carrier; else its set-up fails
 * the fork and the run), and each fork reads the machine's floor. Timeouts guard against hangs only.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConfinedForkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aStartJoinOnOneCpuRunsBesideOneOnTwoAndEachForkReadsTheFloor() throws Exception {
        assumeTrue(ProcessConfinement.cannotConfine(2).isEmpty(), "needs Linux and two CPUs");
        Path out = dir.resolve("run");

        assertEquals(0, SuiteRunner.run("--out", out.toString(), "--calibration", "400", "--", "StartJoinBenchmark",
                "-p", "kind=virtual", "-p", "cpus=1,2", "-f", "1", "-wi", "0", "-i", "1", "-r", "10ms", "-v", "SILENT"));

        List<String> cpus = new ArrayList<>();
        JSON.readTree(out.resolve("jmh.json").toFile()).forEach(r -> cpus.add(r.get("params").get("cpus").asText()));
        assertEquals(List.of("1", "2"), cpus.stream().sorted().toList());
        List<String> floors = new ArrayList<>();
        for (JsonNode floor : JSON.readTree(out.resolve("env.json").toFile()).get("machineFloor").get("forks")) {
            floors.add(floor.get("params").get("cpus").asText());
        }
        assertEquals(List.of("1", "2"), floors.stream().sorted().toList(), "each fork's floor, naming its fork");
    }
}
