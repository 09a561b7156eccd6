package dev.cmbench.bench;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Memory figures Linux publishes under {@code /proc}, in bytes: what one process holds, and the
 * kernel memory that every thread on the machine holds.
 *
 * <p>A process's resident and proportional set sizes come from {@code smaps_rollup}, not from
 * {@code status}'s {@code VmRSS}: proc(5) says the latter is inaccurate (a per-CPU cached
 * counter) and points to {@code smaps} / {@code smaps_rollup} for exact figures.
 */
final class ProcMemory {

    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path SLABINFO = Path.of("/proc/slabinfo");

    private ProcMemory() {
    }

    /** A process's resident set ({@code Rss}) and proportional set ({@code Pss}, shared pages divided among their users). */
    record SmapsRollup(long rssBytes, long pssBytes) {

        /** This JVM's. */
        static SmapsRollup self() throws IOException {
            return parse(Files.readString(Path.of("/proc/self/smaps_rollup")));
        }

        static SmapsRollup of(long pid) throws IOException {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")));
        }

        static SmapsRollup parse(String smapsRollup) {
            return new SmapsRollup(bytes(smapsRollup, "Rss:"), bytes(smapsRollup, "Pss:"));
        }
    }

    /** A process's page tables ({@code VmPTE}): kernel memory that grows with every mapped thread stack. */
    static long pageTableBytes(long pid) throws IOException {
        return bytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmPTE:");
    }

    /**
     * Kernel stacks of every thread on the machine ({@code KernelStack} in {@code /proc/meminfo}):
     * a platform thread has one (16 KiB on x86-64 and arm64), a virtual thread none.
     */
    static long kernelStackBytes() throws IOException {
        return bytes(Files.readString(MEMINFO), "KernelStack:");
    }

    /**
     * Every thread's {@code task_struct} on the machine (active objects × object size in
     * {@code /proc/slabinfo}), or 0 where that file is not readable (it is root's only) or absent:
     * the figure then leaves task structs out of every reading alike.
     */
    static long taskStructBytes() throws IOException {
        try {
            return slabBytes(Files.readString(SLABINFO), "task_struct");
        } catch (AccessDeniedException | NoSuchFileException e) {
            return 0;
        }
    }

    /** Active objects × object size of the slab cache {@code cache} in a {@code /proc/slabinfo} text. */
    static long slabBytes(String slabinfo, String cache) {
        for (String line : slabinfo.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields[0].equals(cache)) { // name, active_objs, num_objs, objsize, ...
                return Long.parseLong(fields[1]) * Long.parseLong(fields[3]);
            }
        }
        throw new IllegalArgumentException("no " + cache + " line");
    }

    /** The figure on the line starting with {@code field}, given in kB ({@code Rss:   1668 kB}), in bytes. */
    static long bytes(String procText, String field) {
        for (String line : procText.lines().toList()) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IllegalArgumentException("no " + field + " line");
    }
}
