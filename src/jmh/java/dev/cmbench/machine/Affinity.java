package dev.cmbench.machine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPUs a thread of this process may run on: Linux's {@code sched_getaffinity} and
 * {@code sched_setaffinity} through the FFM API, on any thread of the process by its kernel thread
 * id ({@code /proc/self/task}), the JVM's own GC and JIT compiler threads included. A thread the
 * kernel creates inherits the mask of the thread that creates it.
 *
 * <p>Needs {@code --enable-native-access=ALL-UNNAMED}, or JDK 25 prints a warning.
 */
public final class Affinity {

    /** glibc's {@code cpu_set_t}: 1 024 CPUs. */
    private static final long CPU_SET_BYTES = 128;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final MethodHandle getAffinity;
    private final MethodHandle setAffinity;

    private Affinity(MethodHandle getAffinity, MethodHandle setAffinity) {
        this.getAffinity = getAffinity;
        this.setAffinity = setAffinity;
    }

    /** The calls, where this OS has them (Linux); empty elsewhere. */
    public static Optional<Affinity> ofThisOs() {
        if (!System.getProperty("os.name").startsWith("Linux") || !Files.isDirectory(TASKS)) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor call = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
        Optional<MemorySegment> get = linker.defaultLookup().find("sched_getaffinity");
        Optional<MemorySegment> set = linker.defaultLookup().find("sched_setaffinity");
        if (get.isEmpty() || set.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Affinity(linker.downcallHandle(get.get(), call), linker.downcallHandle(set.get(), call)));
    }

    /** The CPUs thread {@code tid} may run on (0: the calling thread); empty if there is no such thread any more. */
    public Optional<BitSet> of(long tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            if ((int) getAffinity.invokeExact((int) tid, CPU_SET_BYTES, mask) != 0) {
                return Optional.empty();
            }
            return Optional.of(BitSet.valueOf(mask.toArray(JAVA_LONG)));
        } catch (Throwable t) {
            throw new IllegalStateException("sched_getaffinity failed: " + t, t);
        }
    }

    /** Lets thread {@code tid} (0: the calling thread) run on {@code cpus} only; false if the OS refused. */
    public boolean set(long tid, BitSet cpus) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length; i++) {
                mask.setAtIndex(JAVA_LONG, i, words[i]);
            }
            return (int) setAffinity.invokeExact((int) tid, CPU_SET_BYTES, mask) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("sched_setaffinity failed: " + t, t);
        }
    }

    /** Lets the calling thread run on {@code cpu} only; false if the OS refused. */
    public boolean pin(int cpu) {
        BitSet one = new BitSet();
        one.set(cpu);
        return set(0, one);
    }

    /** The kernel thread ids of this process's threads now: Java's, the JVM's own, JMH's. */
    public static List<Long> threadsOfThisProcess() {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            return tasks.map(task -> Long.parseLong(task.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list this process's threads in " + TASKS + ": " + e.getMessage(), e);
        }
    }
}
