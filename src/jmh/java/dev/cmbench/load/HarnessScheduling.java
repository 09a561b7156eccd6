package dev.cmbench.load;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * How the harness keeps its own timing out of the server's figures, on Linux, through the FFM API.
 *
 * <p>Timer slack: Linux lets a sleeping thread wake up to 50 µs late by default, so that the kernel
 * can batch wake-ups; a thread that paces requests or answers them after a sleep would drift by that
 * much on every request. {@link #minimizeTimerSlack()} sets the calling thread's slack to 1 ns
 * ({@code prctl(PR_SET_TIMERSLACK)}).
 *
 * <p>Priority: on two cores the server's threads and the harness's share the CPUs, and a harness
 * thread that wakes on time can still wait a scheduler slice for a CPU: measured here, the
 * generator sent 1 % of its requests 1.8-2.9 ms late at 3 000 requests/s beside a busy server,
 * 0.7-1.4 ms late at nice -10. {@link #raisePriority()} gives the calling thread nice -10 (Linux's
 * nice is per thread, and threads inherit it from the thread that starts them, so a harness process
 * calls it first thing). It needs the CAP_SYS_NICE capability (root has it); without it the harness
 * runs at the default priority and its lateness, reported with every step, shows what that cost.
 */
final class HarnessScheduling {

    private static final int PR_SET_TIMERSLACK = 29;
    private static final int PRIO_PROCESS = 0;
    static final int HARNESS_NICE = -10;

    private static final Optional<MethodHandle> PRCTL = lookUp("prctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), 1);
    private static final Optional<MethodHandle> SETPRIORITY = lookUp("setpriority",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), -1);

    private HarnessScheduling() {
    }

    /** True if the calling thread's timer slack is now 1 ns. */
    static boolean minimizeTimerSlack() {
        try {
            return PRCTL.isPresent() && (int) PRCTL.get().invokeExact(PR_SET_TIMERSLACK, 1L) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** True if the calling thread (and the threads it starts from now on) now runs at nice {@value #HARNESS_NICE}. */
    static boolean raisePriority() {
        try {
            // PRIO_PROCESS with who = 0 is the calling thread on Linux.
            return SETPRIORITY.isPresent() && (int) SETPRIORITY.get().invokeExact(PRIO_PROCESS, 0, HARNESS_NICE) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** A downcall to libc's {@code name}, variadic from argument {@code firstVariadic} (-1: none); empty off Linux. */
    private static Optional<MethodHandle> lookUp(String name, FunctionDescriptor descriptor, int firstVariadic) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option[] options = firstVariadic < 0 ? new Linker.Option[0]
                    : new Linker.Option[] {Linker.Option.firstVariadicArg(firstVariadic)};
            return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, descriptor, options));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
