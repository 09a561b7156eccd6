package dev.cmbench.bench;

import dev.cmbench.model.Shutdown;
import dev.cmbench.model.WorkerLaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/** Units of concurrency kept alive and blocked, to weigh them. */
enum FootprintKind implements Named {
    /** Platform threads, parked: a kernel thread and a native stack each. */
    PLATFORM("platform") {
        /**
         * The first interpreted method a new thread enters bangs the whole stack shadow zone
         * (StackShadowPages: 20 pages on x86-64), so a thread whose code is still interpreted
         * holds some 80 KB more stack than one whose code is compiled (~95 KB against ~15 KB
         * here). A few thousand starts get the code compiled.
         */
        @Override
        void prepare() throws InterruptedException {
            BlockedThreads.startAndEnd(ThreadKind.PLATFORM, 5_000);
        }

        /**
         * glibc keeps the stacks of ended threads for reuse, up to 40 MiB of them (about 40 at
         * HotSpot's 1 MiB), with their top pages still resident: the first forty or so threads
         * started after others ended cost some 5 KB less each.
         */
        @Override
        int baseUnits() {
            return 64;
        }

        @Override
        Units start(int count) throws Exception {
            return BlockedThreads.start(ThreadKind.PLATFORM, count);
        }
    },
    /** Virtual threads, parked: a stack chunk on the heap each. */
    VIRTUAL("virtual") {
        /**
         * A parked virtual thread's frames are copied into its stack chunk, so the chunk's size
         * follows the JIT: a unit parked on a latch held 2.4 KB of heap here while its code was
         * interpreted, 1.9 KB with C1's code and 0.75 KB with C2's. C2 takes over after 15 000
         * calls (Tier4CompileThreshold), later while its queue is long; 100 000 starts (about a
         * second) get there, as a long-running server does.
         */
        @Override
        void prepare() throws InterruptedException {
            BlockedThreads.startAndEnd(ThreadKind.VIRTUAL, 100_000);
        }

        @Override
        Units start(int count) throws Exception {
            return BlockedThreads.start(ThreadKind.VIRTUAL, count);
        }
    },
    /** Child JVMs (the process model's, with its start-up flags) waiting on their standard input. */
    PROCESS("process") {
        @Override
        void prepare() {
            WorkerLaunch.current().withAotCacheTrained();
        }

        @Override
        Units start(int count) throws Exception {
            return BlockedChildren.start(count);
        }
    };

    private final String id;

    FootprintKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Whatever the kind needs before its first timed start or weighing (set-up, once per trial). */
    void prepare() throws InterruptedException {
    }

    /**
     * Units to start before a weighing's counted readings and keep alive through them, so that
     * what ended units left for reuse is used up by then rather than between two readings.
     */
    int baseUnits() {
        return 0;
    }

    /** Starts {@code count} units and returns once every one is alive and blocked. */
    abstract Units start(int count) throws Exception;

    static FootprintKind named(String id) {
        return Named.lookup(FootprintKind.class, id);
    }

    /** Live blocked units: the processes they hold outside this JVM, and how to end them. */
    interface Units extends AutoCloseable {
        /** The units' own processes, whose memory is theirs; none for threads. */
        List<Process> processes();

        @Override
        void close();
    }

    /**
     * Threads parked in {@link LockSupport#park()} until released. They park there directly, not
     * in a lock or latch: every lock and latch in the JVM, the harness's included, shares the
     * code of {@code AbstractQueuedSynchronizer}, whose compiled form the harness's own use can
     * throw out between two shots, and a virtual thread's stack chunk holds its frames at the
     * size of the code they run. Each unit's stack is minimal (its body and the park), so these
     * figures are a floor: a task blocked deep in a call chain holds its frames too.
     */
    private record BlockedThreads(List<Thread> threads, Release release) implements Units {

        private static final int BATCH = 1_000;

        /** Set once, when the threads may end; read by every thread after each wake-up (parks can end spuriously). */
        private static final class Release {
            volatile boolean released;
        }

        static BlockedThreads start(ThreadKind kind, int count) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(count);
            Release release = new Release();
            Thread.Builder builder = kind.builder("footprint");
            List<Thread> threads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                threads.add(builder.start(() -> {
                    started.countDown();
                    while (!release.released) {
                        LockSupport.park();
                    }
                }));
            }
            started.await();
            for (Thread thread : threads) { // started is not yet parked: wait until each one is
                while (thread.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
            }
            return new BlockedThreads(threads, release);
        }

        /** Starts and ends {@code total} threads, a thousand at a time: the units' code gets compiled. */
        static void startAndEnd(ThreadKind kind, int total) throws InterruptedException {
            for (int done = 0; done < total; done += BATCH) {
                start(kind, Math.min(BATCH, total - done)).close();
            }
        }

        @Override
        public List<Process> processes() {
            return List.of();
        }

        @Override
        public void close() {
            release.released = true;
            threads.forEach(LockSupport::unpark);
            Shutdown.joinAll(threads);
        }
    }

    private record BlockedChildren(List<Process> children) implements Units {

        static BlockedChildren start(int count) throws IOException {
            List<Process> children = new ArrayList<>(count);
            try {
                for (int i = 0; i < count; i++) {
                    children.add(new ProcessBuilder(WorkerLaunch.current().idleChild())
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start());
                }
                for (Process child : children) { // READY: started and now blocked reading stdin
                    byte[] ready = child.getInputStream().readNBytes(6);
                    if (!new String(ready, StandardCharsets.US_ASCII).equals("READY\n")) {
                        throw new IOException("child " + child.pid() + " did not say READY");
                    }
                }
                return new BlockedChildren(children);
            } catch (IOException | RuntimeException e) {
                children.forEach(Process::destroyForcibly);
                throw e;
            }
        }

        @Override
        public List<Process> processes() {
            return children;
        }

        @Override
        public void close() {
            Shutdown.stopAll(children, Duration.ofSeconds(10)); // end of input: each worker exits
        }
    }
}
