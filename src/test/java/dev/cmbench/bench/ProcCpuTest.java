package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPU time from /proc: a child's time is counted while it runs and after it is reaped, once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcCpuTest {

    /** A shell loop that burns CPU until killed. */
    private static final String[] BUSY_CHILD = {"/bin/sh", "-c", "while :; do :; done"};

    @Test
    void aChildsCpuTimeCountsWhileItRunsAndAfterItIsReaped() throws Exception {
        long before = ProcCpu.processTreeNanos();
        Process child = new ProcessBuilder(BUSY_CHILD).start();
        try {
            Duration used = Duration.ZERO;
            while (used.toMillis() < 300) { // the child's own count, as the kernel keeps it
                Thread.sleep(20);
                used = child.info().totalCpuDuration().orElseThrow();
            }
            long whileRunning = ProcCpu.processTreeNanos() - before;
            assertTrue(whileRunning >= used.toNanos() - ProcCpu.NANOS_PER_TICK, "a running child's "
                    + used.toMillis() + " ms of CPU, the tree counted " + whileRunning / 1e6 + " ms");
        } finally {
            child.destroyForcibly();
            child.waitFor(); // reaped: its time moves to this JVM's cutime
        }
        long afterReaped = ProcCpu.processTreeNanos() - before;
        assertTrue(afterReaped >= Duration.ofMillis(300).toNanos() - ProcCpu.NANOS_PER_TICK,
                "a reaped child's CPU time is lost: the tree counted " + afterReaped / 1e6 + " ms");
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String line = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 11 5 20 0 1 0 123 456 789";
        long[] fields = ProcCpu.statFields(line);
        assertArrayEquals(new long[] {7, 3, 11, 5}, new long[] {fields[11], fields[12], fields[13], fields[14]});
    }

    @Test
    void theMachineLineSplitsBusyStealAndTotal() {
        var machine = ProcCpu.Machine.parse("cpu  100 2 30 500 4 5 6 7 0 0");
        long tick = ProcCpu.NANOS_PER_TICK;
        assertEquals((100 + 2 + 30 + 5 + 6) * tick, machine.busyNanos());
        assertEquals(7 * tick, machine.stealNanos());
        assertEquals((100 + 2 + 30 + 500 + 4 + 5 + 6 + 7) * tick, machine.totalNanos());
    }
}
