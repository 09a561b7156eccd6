package dev.cmbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run names a workload of its own on the command line: what it accepts, and what it says otherwise. */
class CustomWorkloadTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sleep:2ms+compute:300us  | 2000000     | 300000",
            "compute:300us+sleep:2ms  | 2000000     | 300000",
            "sleep:1.5ms+compute:0.25ms | 1500000   | 250000",
            "sleep:0ms+compute:100µs  | 0           | 100000",
            "sleep:1s+compute:500ns   | 1000000000  | 500",
            "sleep:10ms+compute:0us   | 10000000    | 0"})
    void aCustomWorkloadIsReadFromItsShape(String text, long sleepNanos, long computeNanos) {
        WorkloadShape shape = WorkloadShape.of(text);
        assertEquals(text, shape.id(), "the id is the text as given, as the result's parameter shows it");
        assertEquals(Duration.ofNanos(sleepNanos), shape.sleep());
        assertEquals(Duration.ofNanos(computeNanos), shape.compute());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "sleep:2ms                    | it must give both sleep and compute",
            "compute:300us                | it must give both sleep and compute",
            "sleep:2ms+compute:300        | 'compute:300' is not sleep:<time> or compute:<time>",
            "sleep:2ms+compute:3h         | 'compute:3h' is not sleep:<time> or compute:<time>",
            "sleep:2ms+compute:-3us       | 'compute:-3us' is not sleep:<time> or compute:<time>",
            "sleep:2ms+sleep:1ms          | it gives sleep twice",
            "sleep:2ms+compute:1us+io:1ms | 'io:1ms' is not sleep:<time> or compute:<time>",
            "sleep:0.5ns+compute:1us      | 0.5ns is not a whole number of nanoseconds, or too long",
            "sleep:0ms+compute:0ms        | a task must sleep or compute"})
    void aBadCustomWorkloadSaysWhatIsWrongAndHowToWriteIt(String text, String why) {
        var e = assertThrows(IllegalArgumentException.class, () -> WorkloadShape.of(text));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains("write it as sleep:<time>+compute:<time> (e.g. sleep:2ms+compute:300us;"
                + " units ns, us, ms, s), the parts joined by + since JMH splits -p values at commas"), e.getMessage());
    }

    @Test
    void theMessageForTheCommaFormExplainsTheSplit() {
        var e = assertThrows(IllegalArgumentException.class, () -> WorkloadShape.of("sleep:2ms"));
        assertEquals("bad custom workload 'sleep:2ms': it must give both sleep and compute; write it as "
                + "sleep:<time>+compute:<time> (e.g. sleep:2ms+compute:300us; units ns, us, ms, s), the parts joined "
                + "by + since JMH splits -p values at commas", e.getMessage());
    }

    @Test
    void namedWorkloadsStayNamedAndAnUnknownNameShowsBothForms() {
        assertSame(Workload.IO, WorkloadShape.of("io"));
        var e = assertThrows(IllegalArgumentException.class, () -> WorkloadShape.of("disk"));
        assertEquals("unknown workload 'disk'; known: io, mixed, cpu, or your own as sleep:<time>+compute:<time> "
                + "(e.g. sleep:2ms+compute:300us; units ns, us, ms, s)", e.getMessage());
    }

    @Test
    void aCustomWorkloadsTasksAndBoundFollowItsShape() {
        WorkloadShape shape = WorkloadShape.of("sleep:2ms+compute:300us");
        var tasks = shape.tasks(3, new Calibration(10));
        assertEquals(3, tasks.size());
        assertEquals(Duration.ofMillis(2), tasks.get(0).sleep());
        assertEquals(3_000, tasks.get(0).computeUnits(), "300 µs at 10 units per µs");
        assertEquals(Duration.ofNanos(2_000_000 + 100 * 300_000 / 2), shape.idealBound(100, 2));
    }
}
