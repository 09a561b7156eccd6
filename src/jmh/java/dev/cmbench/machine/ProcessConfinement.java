package dev.cmbench.machine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * This whole process confined to the first N CPUs it may use: every thread it has (Java's, the
 * JVM's GC and JIT compiler threads, JMH's), every thread they start after (a new thread inherits
 * its creator's mask), and the virtual-thread scheduler's parallelism set to N, so that with one
 * CPU virtual threads have one carrier. {@link #release} gives every thread back the CPUs it had.
 *
 * <p>Why confine a running JVM instead of starting it under {@code taskset}: a JVM that starts on
 * one CPU chooses the Serial GC and fewer compiler and GC threads, so a one-CPU fork would differ
 * from a two-CPU one by its GC as well. Confined after start, both forks run the same JVM, and the
 * two figures differ only by where their threads may run.
 *
 * <p>What stays different with one CPU: the common {@code ForkJoinPool} and Kotlin's
 * {@code Dispatchers.Default} size themselves once, from the CPUs seen when first used; with one
 * CPU their threads still share it.
 */
public final class ProcessConfinement {

    /** Confining threads that are being created as we go: passes until one finds no thread it has not confined. */
    private static final int MOST_PASSES = 100;

    private final Affinity affinity;
    private final BitSet cpus;
    private final BitSet allowedBefore;
    private final Map<Long, BitSet> masksBefore;
    private final int parallelismBefore;

    private ProcessConfinement(Affinity affinity, BitSet cpus, BitSet allowedBefore, Map<Long, BitSet> masksBefore,
            int parallelismBefore) {
        this.affinity = affinity;
        this.cpus = cpus;
        this.allowedBefore = allowedBefore;
        this.masksBefore = masksBefore;
        this.parallelismBefore = parallelismBefore;
    }

    /** Why this process cannot be confined to {@code cpus} CPUs here; empty if it can. */
    public static Optional<String> cannotConfine(int cpus) {
        if (cpus < 1) {
            return Optional.of("cpus must be at least 1, got " + cpus);
        }
        Optional<Affinity> affinity = Affinity.ofThisOs();
        if (affinity.isEmpty()) {
            return Optional.of("confining a JVM to " + cpus + " CPU(s) needs Linux's sched_setaffinity, which "
                    + System.getProperty("os.name") + " does not have");
        }
        int allowed = affinity.get().of(0).map(BitSet::cardinality).orElse(0);
        return allowed < cpus
                ? Optional.of("this JVM may run on " + allowed + " CPU(s), fewer than cpus=" + cpus) : Optional.empty();
    }

    /** Confines this process to the first {@code cpus} CPUs the calling thread may use; throws why it cannot. */
    public static ProcessConfinement confine(int cpus) {
        cannotConfine(cpus).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        Affinity affinity = Affinity.ofThisOs().orElseThrow();
        BitSet allowed = affinity.of(0).orElseThrow();
        BitSet target = new BitSet();
        for (int cpu = allowed.nextSetBit(0); target.cardinality() < cpus; cpu = allowed.nextSetBit(cpu + 1)) {
            target.set(cpu);
        }
        // The scheduler is made (if it was not yet) before the threads are confined, with the
        // parallelism it would have had, so that release can give that back.
        VirtualThreadSchedulerMXBean scheduler = scheduler();
        int parallelismBefore = scheduler.getParallelism();
        Map<Long, BitSet> before = new LinkedHashMap<>();
        for (int pass = 0; confineNewThreads(affinity, target, before); pass++) {
            if (pass == MOST_PASSES) {
                throw new IllegalStateException("threads kept appearing while confining this JVM to CPUs " + target);
            }
        }
        scheduler.setParallelism(cpus);
        return new ProcessConfinement(affinity, target, allowed, before, parallelismBefore);
    }

    /** Confines the threads not seen before; true if there were any. */
    private static boolean confineNewThreads(Affinity affinity, BitSet target, Map<Long, BitSet> before) {
        boolean found = false;
        for (long tid : Affinity.threadsOfThisProcess()) {
            if (before.containsKey(tid)) {
                continue;
            }
            Optional<BitSet> mask = affinity.of(tid);
            if (mask.isEmpty()) {
                continue; // ended since the listing
            }
            if (!affinity.set(tid, target) && affinity.of(tid).isPresent()) {
                throw new IllegalStateException("the OS refused to confine thread " + tid + " to CPUs " + target);
            }
            before.put(tid, mask.get());
            found = true;
        }
        return found;
    }

    /** The CPUs this process is confined to. */
    public BitSet cpus() {
        return (BitSet) cpus.clone();
    }

    /** Read back: the threads of this process now allowed on CPUs other than these, with their masks. */
    public Map<Long, BitSet> threadsOutside() {
        Map<Long, BitSet> outside = new LinkedHashMap<>();
        for (long tid : Affinity.threadsOfThisProcess()) {
            affinity.of(tid).filter(mask -> !mask.equals(cpus)).ifPresent(mask -> outside.put(tid, mask));
        }
        return outside;
    }

    /** The virtual-thread scheduler's parallelism now: the carriers it keeps busy at most. */
    public static int virtualThreadParallelism() {
        return scheduler().getParallelism();
    }

    /**
     * The most virtual threads seen running at the same instant, out of {@code threads} started
     * together that each spin for {@code spin} without blocking: with one carrier, one.
     */
    public static int mostVirtualThreadsRunningAtOnce(int threads, Duration spin) throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            started.add(Thread.ofVirtual().name("cmbench-carrier-check").start(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                long end = System.nanoTime() + spin.toNanos();
                while (System.nanoTime() < end) {
                    most.accumulateAndGet(running.get(), Math::max);
                    Thread.onSpinWait();
                }
                running.decrementAndGet();
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        return most.get();
    }

    /** Gives every thread back the CPUs it had (one started since: those the confining thread had), and the scheduler its parallelism. */
    public void release() {
        for (long tid : Affinity.threadsOfThisProcess()) {
            affinity.set(tid, masksBefore.getOrDefault(tid, allowedBefore)); // a thread that ended meanwhile refuses
        }
        scheduler().setParallelism(parallelismBefore);
    }

    private static VirtualThreadSchedulerMXBean scheduler() {
        return ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
    }
}
