package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A fork's environment: the shares of the machine's CPU, and when the fork counts as disturbed. */
class ForkEnvironmentTest {

    /** 10 s of measurement on 2 CPUs: 20 s of the machine's CPU time. */
    private static ForkEnvironment measured(double ownCpu, double busy, double steal) {
        return ForkEnvironment.of(new ForkEnvironment.Measured(10, ownCpu, busy, steal, 20, 0.05, 0.3));
    }

    @Test
    void aForkAloneOnItsMachineIsNotDisturbed() {
        ForkEnvironment quiet = measured(19, 19.4, 0);
        assertEquals(95, quiet.ownCpuPercent());
        assertEquals(2, quiet.otherCpuPercent());
        assertNull(quiet.disturbed());
    }

    @Test
    void otherProcessesPastTheThresholdDisturbAFork() {
        ForkEnvironment shared = measured(10, 14, 0);
        assertEquals(20, shared.otherCpuPercent());
        assertEquals("other processes used 20.0 % of the machine's CPU time (over 10 %)", shared.disturbed());
    }

    @Test
    void aHypervisorThatStealsPastTheThresholdDisturbsAForkToo() {
        ForkEnvironment stolen = measured(10, 10, 2);
        assertEquals(10, stolen.stealPercent());
        assertTrue(stolen.disturbed().startsWith("the hypervisor stole 10.0 %"), stolen.disturbed());
        assertTrue(measured(10, 14, 2).disturbed().contains("; the hypervisor stole"), "both reasons");
    }

    /** /proc/stat and the fork's own counters tick apart: a fork's own time a tick above the machine's busy time is no process. */
    @Test
    void roundingAcrossTheTwoCountersIsNotNegativeCpu() {
        assertEquals(0, measured(10.01, 10, 0).otherCpuPercent());
    }

    @Test
    void theForksLineIsRead() throws Exception {
        ForkEnvironment read = ForkEnvironment.of("{\"measuredSeconds\":4.0,\"ownCpuSeconds\":7.5,\"machineBusySeconds\":7.9,"
                + "\"machineStealSeconds\":0.0,\"machineTotalSeconds\":8.0,\"gcSeconds\":0.012,\"jitSeconds\":0.4}");
        assertEquals(93.75, read.ownCpuPercent());
        assertEquals(5, read.otherCpuPercent());
        assertEquals(0.4, read.jitSeconds());
    }
}
