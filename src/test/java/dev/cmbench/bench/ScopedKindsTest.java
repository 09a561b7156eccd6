package dev.cmbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.model.LeakCheck;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The focused families' structured-concurrency and coroutine kinds do what the thread kinds do,
 * each its library's way: start + join runs the child, the child's own exception reaches the
 * parent, and a cancel lands on a child seen asleep and ends it from inside its sleep, after the
 * cancel's stamp. Timeouts guard against hangs only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScopedKindsTest {

    private static final int INVOCATIONS = 30;

    @AfterEach
    void nothingLeft() {
        LeakCheck.assertNothingLeft(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"structured", "coroutine"})
    void startJoinRunsTheChild(String kind) throws Exception {
        StartJoinBenchmark b = new StartJoinBenchmark();
        b.kind = kind;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        assertEquals(1, b.startJoin());
        assertEquals(2, b.startJoin());
    }

    @ParameterizedTest
    @ValueSource(strings = {"structured", "coroutine"})
    void theChildsOwnExceptionReachesItsParent(String kind) throws Exception {
        FailureBenchmark b = new FailureBenchmark();
        b.kind = kind;
        b.outcome = "throws";
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        try {
            Object first = b.childOutcomeToParent(); // throws unless it is the very instance thrown
            assertInstanceOf(FailureBenchmark.ChildFailure.class, first);
            assertEquals("child failure 2", ((Throwable) b.childOutcomeToParent()).getMessage());
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"structured", "coroutine"})
    void theChildsOwnValueReachesItsParentByTheSamePath(String kind) throws Exception {
        FailureBenchmark b = new FailureBenchmark();
        b.kind = kind;
        b.outcome = "returns";
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        try {
            assertEquals(new FailureBenchmark.ChildResult(1), b.childOutcomeToParent()); // the very instance, checked
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"structured,fresh", "coroutine,warm"})
    void theCancelLandsOnAChildSeenAsleepAndEndsItInItsSleep(String kind, String victim) throws Exception {
        CancelBenchmark b = new CancelBenchmark();
        b.kind = kind;
        b.victim = victim;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        try {
            b.startIteration();
            for (int i = 0; i < INVOCATIONS; i++) {
                b.startVictim();
                b.cancelToObservedEnd();
                assertEquals(Thread.State.TIMED_WAITING, b.stateAtCancel, "invocation " + i);
                assertTrue(b.task.hasEnded(), "the benchmark returns only once the child has ended");
                assertTrue(b.task.interruptedInSleep(), "ended by its cancel, inside its sleep");
                assertTrue(b.task.endedAtNanos() > b.cancelAtNanos, "the child's end stamp follows the cancel stamp");
                b.endVictim();
            }
        } finally {
            b.tearDown();
        }
        assertEquals(INVOCATIONS, b.victimEnds.getTotalCount(), "one cancel-to-victim-end interval per invocation");
    }

    @ParameterizedTest
    @CsvSource({"structured,fresh", "coroutine,warm"})
    void aChildThatWasNeverCancelledIsEndedByTheTearDown(String kind, String victim) throws Exception {
        CancelBenchmark b = new CancelBenchmark();
        b.kind = kind;
        b.victim = victim;
        b.setUp(new CpuConfinement()); // not confined: the test JVM keeps its CPUs
        b.startVictim(); // an invocation that failed before its cancel
        b.tearDown();
        assertTrue(b.task.hasEnded(), "the tear-down ended the child left sleeping");
    }

    @Test
    void aCoroutineSeenAsleepIsSuspendedNotRunning() throws Exception {
        SleepingTask task = new SleepingTask();
        ChildScope.Sleeper child = ChildScopes.coroutines().startSleeper(task);
        try {
            task.awaitAsleep();
            assertEquals(Thread.State.TIMED_WAITING, task.thread().getState());
            assertTrue(task.thread().getName().startsWith("DefaultDispatcher-worker"), task.thread().getName());
            for (StackTraceElement frame : task.thread().getStackTrace()) {
                assertTrue(!frame.getClassName().startsWith(CoroutineChildScope.class.getName()),
                        "the dispatcher thread seen parked is not inside the coroutine: " + frame);
            }
        } finally {
            child.end();
        }
        assertTrue(task.interruptedInSleep(), "its end cancelled it in its delay");
    }
}
