package dev.cmbench.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an action with a native frame beneath it on the stack, which pins a virtual thread that
 * blocks in it even on JDK 24+ (JEP 491 freed {@code synchronized}, not native frames or class
 * initializers). The frame is libc's {@code bsearch} over a one-element array, called through the
 * FFM API (java.lang.foreign, final since JDK 22) with the action as its comparator: a search of
 * one element calls its comparator exactly once, so each {@link #run} runs the action once.
 *
 * <p>Needs {@code --enable-native-access=ALL-UNNAMED}, or JDK 25 prints a warning (later JDKs may refuse).
 */
final class NativeFrame implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor COMPARATOR =
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    /** {@code void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*compar)(const void *, const void *))}. */
    private static final MethodHandle BSEARCH = LINKER.downcallHandle(
            LINKER.defaultLookup().find("bsearch").orElseThrow(() -> new IllegalStateException("libc has no bsearch")),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private final Runnable action;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment comparator;
    private final MemorySegment element;
    /** What the action threw: an exception must not unwind through the native frame (the JVM would exit). */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    NativeFrame(Runnable action) {
        this.action = action;
        try {
            MethodHandle compare = MethodHandles.lookup()
                    .findVirtual(NativeFrame.class, "compare",
                            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class))
                    .bindTo(this);
            comparator = LINKER.upcallStub(compare, COMPARATOR, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        element = arena.allocate(ValueLayout.JAVA_INT);
    }

    /** Runs the action beneath bsearch's frame; rethrows what it threw. */
    void run() {
        MemorySegment found;
        try {
            found = (MemorySegment) BSEARCH.invokeExact(element, element, 1L, ValueLayout.JAVA_INT.byteSize(), comparator);
        } catch (Throwable t) {
            throw new IllegalStateException("bsearch failed: " + t, t);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the action beneath the native frame failed: " + t, t);
        }
        if (found.address() != element.address()) {
            throw new IllegalStateException("bsearch returned " + found + ", expected the one element " + element);
        }
    }

    /** The upcall: bsearch's comparator. Says "equal", so the search ends at once. */
    private int compare(MemorySegment key, MemorySegment candidate) {
        try {
            action.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        return 0;
    }

    /** Frees the upcall stub; call only when no thread is inside {@link #run}. */
    @Override
    public void close() {
        arena.close();
    }
}
