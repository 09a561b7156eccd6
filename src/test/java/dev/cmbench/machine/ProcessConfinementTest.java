package dev.cmbench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Confining this JVM to one CPU reaches every thread it has and every thread started after, gives
 * virtual threads one carrier, and is undone by release. Read back from the kernel, not assumed.
 */
class ProcessConfinementTest {

    private static final Affinity AFFINITY = Affinity.ofThisOs().orElse(null);

    @Test
    void oneCpuConfinesEveryThreadAndLeavesVirtualThreadsOneCarrier() throws Exception {
        assumeTrue(ProcessConfinement.cannotConfine(2).isEmpty(), "needs Linux and two CPUs");
        BitSet before = AFFINITY.of(0).orElseThrow();
        ProcessConfinement confinement = ProcessConfinement.confine(1);
        try {
            assertEquals(1, confinement.cpus().cardinality());
            assertEquals(Map.of(), confinement.threadsOutside(), "every thread of the JVM, its own included");
            AtomicReference<BitSet> child = new AtomicReference<>();
            Thread started = Thread.ofPlatform().start(() -> child.set(AFFINITY.of(0).orElseThrow()));
            started.join();
            assertEquals(confinement.cpus(), child.get(), "a thread started after inherits the one CPU");
            assertEquals(1, Runtime.getRuntime().availableProcessors());
            assertEquals(1, ProcessConfinement.virtualThreadParallelism());
            assertEquals(1, ProcessConfinement.mostVirtualThreadsRunningAtOnce(4, Duration.ofMillis(5)),
                    "one carrier: no two virtual threads run at once");
        } finally {
            confinement.release();
        }
        assertEquals(before, AFFINITY.of(0).orElseThrow(), "released: the CPUs it had");
        assertEquals(before.cardinality(), ProcessConfinement.virtualThreadParallelism());
        assertTrue(ProcessConfinement.mostVirtualThreadsRunningAtOnce(4, Duration.ofMillis(20)) > 1,
                "the control: released, two carriers run at once");
    }

    @Test
    void moreCpusThanTheMachineHasAreRefusedWithTheReason() {
        assumeTrue(AFFINITY != null, "needs Linux");
        int allowed = AFFINITY.of(0).orElseThrow().cardinality();
        assertEquals("this JVM may run on " + allowed + " CPU(s), fewer than cpus=" + (allowed + 1),
                ProcessConfinement.cannotConfine(allowed + 1).orElseThrow());
        assertEquals("cpus must be at least 1, got 0", ProcessConfinement.cannotConfine(0).orElseThrow());
    }
}
