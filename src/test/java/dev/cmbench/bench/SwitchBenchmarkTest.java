package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.machine.Affinity;
import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every pair switches as many times as it says, on the CPUs its row says: on one CPU both parties
 * on that CPU (read back from each party's own thread) and, for the user-mode pairs, on one thread,
 * one carrier for virtual threads; on two, the pinned parties on different CPUs. The placement check
 * itself fails on a party seen elsewhere.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SwitchBenchmarkTest {

    @ParameterizedTest
    @CsvSource({"processes,1", "processes,2", "platform-threads,1", "platform-threads,2", "virtual-threads,1",
            "virtual-threads,2", "coroutines,1", "coroutines,2", "callbacks,1", "callbacks,2"})
    void everyPairSwitchesEveryTimeWhereItsRowSays(String pair, int cpus) throws Exception {
        CpuConfinement confinement = new CpuConfinement();
        confinement.cpus = cpus;
        confinement.confine();
        SwitchBenchmark b = new SwitchBenchmark();
        b.pair = pair;
        try {
            b.setUp(confinement); // runs the first batch and fails if a party ran elsewhere
            assertEquals(100 + SwitchBenchmark.ROUND_TRIPS, b.switchOnce());
            assertEquals(100 + 2L * SwitchBenchmark.ROUND_TRIPS, b.switchOnce());
            List<SwitchPair.Seen> seen = b.seen();
            if (cpus == 1) {
                assertEquals(1, seen.get(0).cpus().cardinality(), "A on one CPU: " + seen);
                assertEquals(seen.get(0).cpus(), seen.get(1).cpus(), "B on A's CPU: " + seen);
                if (!pair.equals("processes") && !pair.equals("platform-threads")) {
                    assertEquals(seen.get(0).thread(), seen.get(1).thread(), "one carrier, thread or loop: " + seen);
                }
            } else if (!pair.equals("virtual-threads") && !pair.equals("coroutines")) {
                assertTrue(!seen.get(0).cpus().equals(seen.get(1).cpus()), "A and B pinned apart: " + seen);
            }
        } finally {
            b.tearDown();
            confinement.release();
        }
        LeakCheck.assertNothingLeft(Duration.ofSeconds(5));
    }

    @Test
    void aPartySeenOnAnotherCpuOrAnotherCarrierFailsThePlacementCheck() {
        Affinity affinity = Affinity.ofThisOs().orElseThrow();
        SwitchPair.Placement oneCpu = new SwitchPair.Placement(1, 0, 0, affinity);
        SwitchPair.Seen onCpu0 = new SwitchPair.Seen("ForkJoinPool-1-worker-1", cpus(0));

        assertEquals(Optional.empty(), oneCpu.misplaced(SwitchPair.VIRTUAL_THREADS, List.of(onCpu0, onCpu0)));
        assertTrue(oneCpu.misplaced(SwitchPair.VIRTUAL_THREADS, List.of(onCpu0,
                new SwitchPair.Seen("ForkJoinPool-1-worker-2", cpus(0)))).orElseThrow().contains("on one thread"));
        assertTrue(oneCpu.misplaced(SwitchPair.PLATFORM_THREADS, List.of(onCpu0,
                new SwitchPair.Seen("b", cpus(0, 1)))).isPresent(), "B allowed on two CPUs");

        SwitchPair.Placement twoCpus = new SwitchPair.Placement(2, 0, 1, affinity);
        assertEquals(Optional.empty(), twoCpus.misplaced(SwitchPair.PROCESSES, List.of(onCpu0,
                new SwitchPair.Seen("process 42", cpus(1)))));
        assertTrue(twoCpus.misplaced(SwitchPair.CALLBACKS, List.of(onCpu0, onCpu0)).isPresent(), "both loops on CPU 0");
    }

    private static BitSet cpus(int... cpus) {
        BitSet set = new BitSet();
        for (int cpu : cpus) {
            set.set(cpu);
        }
        return set;
    }
}
