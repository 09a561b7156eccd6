package dev.cmbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork given the suite's calibration does the suite's work, whatever its own speed: a slower
 * compute kernel then shows as a longer makespan instead of being converted into fewer units.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CalibrationTest {

    @TempDir
    Path dir;

    @Test
    void aForkGivenTheSuitesCalibrationBuildsTasksFromItAndStillLogsItsOwnSpeed() throws Exception {
        Path log = dir.resolve("speeds.log");
        List<String> out = runChild("-D" + Calibration.UNITS_PROPERTY + "=123.5", "-D" + Calibration.LOG_PROPERTY + "=" + log);
        assertEquals(List.of("12350"), out, "100 µs × 123.5 units/µs, not this JVM's own speed");
        List<String> speeds = Files.readAllLines(log);
        assertEquals(1, speeds.size());
        assertTrue(Double.parseDouble(speeds.get(0)) > 0, "its own speed is recorded beside: " + speeds);
    }

    @Test
    void aForkWithoutOneMeasuresItsOwn() throws Exception {
        long units = Long.parseLong(runChild().get(0));
        assertTrue(units > 0 && units != 12350, "measured: " + units);
    }

    @Test
    void aCalibrationMustBeAPositiveNumber() {
        assertEquals(2.5, Calibration.parse(" 2.5 ", "x").unitsPerMicro());
        assertThrows(IllegalArgumentException.class, () -> Calibration.parse("fast", "x"));
        assertThrows(IllegalArgumentException.class, () -> Calibration.parse("0", "x"));
        assertThrows(IllegalArgumentException.class, () -> Calibration.parse("NaN", "x"));
    }

    private static List<String> runChild(String... properties) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintComputeUnits.class.getName()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, child.waitFor(), out);
        return out.lines().toList();
    }
}
