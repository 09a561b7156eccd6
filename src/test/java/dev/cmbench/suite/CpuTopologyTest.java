package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The processor's model and how its logical CPUs share cores. */
class CpuTopologyTest {

    @Test
    void theModelIsTheFirstModelNameLine() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 1\nmodel name\t: AMD EPYC 7B13\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        assertEquals(Optional.of("AMD EPYC 7B13"), CpuTopology.modelName(cpuinfo));
        assertEquals(Optional.empty(), CpuTopology.modelName("processor\t: 0\n"));
    }

    @Test
    void twoLogicalCpusPerCoreIsSmt() {
        assertEquals(2, CpuTopology.of("x", 8, 4, 1).threadsPerCore());
        assertEquals(1, CpuTopology.of("x", 2, 2, 1).threadsPerCore());
    }

    @Test
    void thisMachinesCpusAddUp() {
        CpuTopology here = CpuTopology.read();
        assertTrue(here.logicalCpus() >= 1 && here.sockets() >= 1, here.toString());
        assertEquals(here.logicalCpus(), here.cores() * here.threadsPerCore(), here.toString());
    }
}
