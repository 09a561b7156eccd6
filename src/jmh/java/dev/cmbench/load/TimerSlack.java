package dev.cmbench.load;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Linux lets a sleeping thread wake up to 50 µs late by default (its timer slack), so that the
 * kernel can batch wake-ups. A harness thread that paces requests or answers them after a sleep
 * parks for tens of microseconds at a time and would drift by that much on every request; this
 * sets the calling thread's slack to 1 ns with {@code prctl(PR_SET_TIMERSLACK)}, through the FFM
 * API. Where that is not possible (another OS, native access refused) the thread keeps the default
 * slack, and {@link #minimizeForThisThread()} says so.
 */
final class TimerSlack {

    private static final int PR_SET_TIMERSLACK = 29;
    private static final Optional<MethodHandle> PRCTL = lookUp();

    private TimerSlack() {
    }

    /** True if the calling thread's timer slack is now 1 ns. */
    static boolean minimizeForThisThread() {
        if (PRCTL.isEmpty()) {
            return false;
        }
        try {
            return (int) PRCTL.get().invokeExact(PR_SET_TIMERSLACK, 1L) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static Optional<MethodHandle> lookUp() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            // int prctl(int option, ...): the second argument is variadic.
            return linker.defaultLookup().find("prctl").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
