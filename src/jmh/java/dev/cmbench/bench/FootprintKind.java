package dev.cmbench.bench;

import dev.cmbench.model.Shutdown;
import dev.cmbench.model.WorkerLaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Units of concurrency kept alive and blocked, to weigh them. */
enum FootprintKind implements Named {
    /** Platform threads parked on a latch: a kernel thread and a native stack each. */
    PLATFORM("platform") {
        @Override
        Units start(int count) throws Exception {
            return BlockedThreads.start(ThreadKind.PLATFORM, count);
        }
    },
    /** Virtual threads parked on a latch: a stack chunk on the heap each. */
    VIRTUAL("virtual") {
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

    /** Whatever the kind needs before its first timed start (set-up, once per trial). */
    void prepare() {
    }

    /** Starts {@code count} units and returns once every one is alive and blocked. */
    abstract Units start(int count) throws Exception;

    static FootprintKind named(String id) {
        return Named.lookup(FootprintKind.class, id);
    }

    /** Live blocked units: how much memory outside this JVM they hold, and how to end them. */
    interface Units extends AutoCloseable {
        /** Memory the units hold in other processes (proportional set size), in bytes. */
        long outsideBytes() throws IOException;

        @Override
        void close();
    }

    private record BlockedThreads(List<Thread> threads, CountDownLatch release) implements Units {

        static BlockedThreads start(ThreadKind kind, int count) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(count);
            CountDownLatch release = new CountDownLatch(1);
            Thread.Builder builder = kind.builder("footprint");
            List<Thread> threads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                threads.add(builder.start(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            started.await();
            return new BlockedThreads(threads, release);
        }

        @Override
        public long outsideBytes() {
            return 0;
        }

        @Override
        public void close() {
            release.countDown();
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

        /** Proportional set size: shared pages (libjvm, the CDS archive) divided among their users. */
        @Override
        public long outsideBytes() throws IOException {
            long total = 0;
            for (Process child : children) {
                total += kilobytes(Path.of("/proc", Long.toString(child.pid()), "smaps_rollup"), "Pss:") * 1024;
            }
            return total;
        }

        @Override
        public void close() {
            Shutdown.stopAll(children, Duration.ofSeconds(10)); // end of input: each worker exits
        }
    }

    /** The kB figure on the line starting with {@code field} in a /proc file. */
    static long kilobytes(Path procFile, String field) throws IOException {
        for (String line : Files.readAllLines(procFile)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + field + " in " + procFile);
    }
}
