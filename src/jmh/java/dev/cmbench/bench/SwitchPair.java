package dev.cmbench.bench;

import dev.cmbench.machine.Affinity;
import dev.cmbench.model.Shutdown;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The two parties of {@link SwitchBenchmark}, one pair per way the notes say concurrency switches:
 * through the kernel (two processes, two platform threads) or in user mode (two virtual threads,
 * two coroutines, two callbacks of an event loop). Every pair passes one value back and forth, B
 * answering each value with the next, so a round trip is two switches, and checks what it got.
 */
enum SwitchPair implements Named {
    /** Two processes over two pipes: this JVM writes a byte, the child reads it and writes one back. */
    PROCESSES("processes") {
        @Override
        Parties open(Placement placement) throws Exception {
            return new SwitchProcessParties(placement);
        }
    },
    /** Two platform threads handing a value over with park/unpark, as {@link HandoffKind#PARK_UNPARK}. */
    PLATFORM_THREADS("platform-threads") {
        @Override
        Parties open(Placement placement) {
            return new ThreadParties(placement, ThreadKind.PLATFORM);
        }
    },
    /** The same park/unpark between two virtual threads, on one carrier or two. */
    VIRTUAL_THREADS("virtual-threads") {
        @Override
        Parties open(Placement placement) {
            return new ThreadParties(placement, ThreadKind.VIRTUAL);
        }
    },
    /** Two coroutines over rendezvous channels, on a dispatcher of one thread or two. */
    COROUTINES("coroutines") {
        @Override
        Parties open(Placement placement) {
            return new CoroutineParties(placement.cpus(), placement::pinThread, new Sightings(placement));
        }
    },
    /** Two callbacks that post each other to an event loop's queue: one loop, or a loop each. */
    CALLBACKS("callbacks") {
        @Override
        Parties open(Placement placement) {
            return new SwitchCallbackParties(placement);
        }
    };

    private final String id;

    SwitchPair(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    static SwitchPair named(String id) {
        return Named.lookup(SwitchPair.class, id);
    }

    abstract Parties open(Placement placement) throws Exception;

    /** Two parties, started. */
    interface Parties extends AutoCloseable {

        /** {@code n} round trips from {@code start}; returns {@code start + n} if every one happened. */
        long roundTrips(long start, int n) throws Exception;

        /** Where party A and party B ran in the first batch: their threads (or carriers) and CPUs. */
        List<Seen> seen();

        @Override
        void close();
    }

    /**
     * Where the parties run: on one CPU both ({@code cpus} = 1, the fork confined there), or party A
     * on one CPU and party B on another ({@code cpus} = 2), where the parties are threads the benchmark
     * owns; virtual threads and coroutines go where their scheduler puts them, on one carrier or
     * thread, or two.
     */
    record Placement(int cpus, int cpuA, int cpuB, Affinity affinity) {

        /** Pins the calling thread to party {@code party}'s CPU (0: A, 1: B). */
        void pinThread(int party) {
            if (!affinity.pin(party == 0 ? cpuA : cpuB)) {
                throw new IllegalStateException("cannot pin a switch party to CPU " + (party == 0 ? cpuA : cpuB));
            }
        }

        /** The calling thread as the check sees it: its name (a virtual thread's carrier) and its CPUs. */
        Seen here() {
            Thread t = Thread.currentThread();
            return new Seen(t.isVirtual() ? carrier(t) : withoutCoroutine(t.getName()), affinity.of(0).orElse(new BitSet()));
        }

        /** kotlinx.coroutines' debug mode (on with -ea) appends the running coroutine to its thread's name. */
        private static String withoutCoroutine(String threadName) {
            int at = threadName.indexOf(" @coroutine");
            return at < 0 ? threadName : threadName.substring(0, at);
        }

        private static String carrier(Thread virtual) {
            String text = virtual.toString(); // VirtualThread[#31,name]/runnable@ForkJoinPool-1-worker-1
            int at = text.lastIndexOf('@');
            return at < 0 ? "an unknown carrier" : text.substring(at + 1);
        }

        /**
         * Why the parties did not run where this placement says, or empty: on one CPU, both on that
         * CPU and on one thread (one carrier, one dispatcher thread, one loop) where the pair has such
         * a thread; on two, A and B each on its own CPU where the benchmark pinned them.
         */
        Optional<String> misplaced(SwitchPair pair, List<Seen> seen) {
            Seen a = seen.get(0);
            Seen b = seen.get(1);
            BitSet one = new BitSet();
            one.set(cpuA);
            if (cpus == 1) {
                boolean oneThread = pair == PROCESSES || pair == PLATFORM_THREADS || a.thread().equals(b.thread());
                return a.cpus().equals(one) && b.cpus().equals(one) && oneThread ? Optional.empty()
                        : Optional.of(pair.id() + " should run on CPU " + cpuA + (pair == PROCESSES || pair == PLATFORM_THREADS
                                ? "" : " on one thread") + ", but A ran on " + a + " and B on " + b);
            }
            boolean pinned = pair == PROCESSES || pair == PLATFORM_THREADS || pair == CALLBACKS;
            BitSet other = new BitSet();
            other.set(cpuB);
            return !pinned || a.cpus().equals(one) && b.cpus().equals(other) ? Optional.empty()
                    : Optional.of(pair.id() + " should run A on CPU " + cpuA + " and B on CPU " + cpuB + ", but A ran on "
                            + a + " and B on " + b);
        }
    }

    /** One party, as it saw itself: its thread (or carrier) and the CPUs that thread may run on. */
    record Seen(String thread, BitSet cpus) {
        @Override
        public String toString() {
            return thread + " (CPUs " + cpus + ")";
        }
    }

    /**
     * Where the two parties ran during the first batch: each notes its thread and CPUs there, once a
     * trip while the first batch runs (a system call), not after.
     */
    static final class Sightings {
        private final Placement placement;
        private final Seen[] seen = {new Seen("not seen", new BitSet()), new Seen("not seen", new BitSet())};
        private volatile boolean open = true;

        Sightings(Placement placement) {
            this.placement = placement;
        }

        void note(int party) {
            if (open) {
                seen[party] = placement.here();
            }
        }

        void firstBatchDone() {
            open = false;
        }

        List<Seen> list() {
            return List.of(seen[0], seen[1]);
        }
    }

    /**
     * Runs batches on a party A that lives apart from the benchmark thread: the benchmark thread hands
     * it a batch and waits for it back, two more hand-offs per batch (see {@link SwitchBenchmark}).
     */
    abstract static class DrivenParties implements Parties {
        final Sightings sightings;
        private final Semaphore go = new Semaphore(0);
        private final Semaphore done = new Semaphore(0);
        private volatile long value;
        private volatile int batch;
        private volatile Exception failure;

        DrivenParties(Placement placement) {
            this.sightings = new Sightings(placement);
        }

        /** Party A's loop: waits for a batch, runs it with {@link #trip}, hands it back. */
        final void serveBatches() {
            try {
                while (true) {
                    go.acquire();
                    try {
                        long v = value;
                        for (int i = 0; i < batch; i++) {
                            v = trip(v);
                        }
                        value = v;
                    } catch (Exception e) {
                        failure = e;
                    }
                    done.release();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        /** One round trip, on party A: hands {@code v} to B and returns B's answer. */
        abstract long trip(long v) throws Exception;

        @Override
        public final long roundTrips(long start, int n) throws Exception {
            value = start;
            batch = n;
            go.release();
            done.acquire();
            sightings.firstBatchDone();
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        @Override
        public List<Seen> seen() {
            return sightings.list();
        }
    }

    /** Two threads of one kind, party A driven in batches, party B answering, over {@link HandoffKind#PARK_UNPARK}. */
    private static final class ThreadParties extends DrivenParties {
        private final HandoffKind.Channel channel = HandoffKind.PARK_UNPARK.open();
        private final Thread a;
        private final Thread b;

        ThreadParties(Placement placement, ThreadKind kind) {
            super(placement);
            boolean pinned = kind == ThreadKind.PLATFORM && placement.cpus() > 1;
            b = kind.builder("switch-b").start(() -> {
                if (pinned) {
                    placement.pinThread(1);
                }
                try {
                    while (true) {
                        sightings.note(1);
                        channel.answerOne();
                    }
                } catch (InterruptedException e) {
                    // closed
                }
            });
            a = kind.builder("switch-a").start(() -> {
                if (pinned) {
                    placement.pinThread(0);
                }
                serveBatches();
            });
        }

        @Override
        long trip(long v) throws InterruptedException {
            sightings.note(0);
            return channel.roundTrip(v);
        }

        @Override
        public void close() {
            Shutdown.interruptAndJoin(List.of(a, b));
        }
    }
}
