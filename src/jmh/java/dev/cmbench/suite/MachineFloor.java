package dev.cmbench.suite;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * What this machine charges for waking a thread, measured by the suite runner before the first
 * fork so that the report can tell the JVM's cost from the machine's.
 *
 * <p>On a VM a thread that parks lets its vCPU halt; waking it on another vCPU goes through the
 * host, which on a 2-vCPU cloud VM costs tens of µs, more than the JVM's own work in a thread
 * start or a hand-off. A figure that wakes a thread twice cannot be below two such wake-ups
 * here, whatever the JVM does.
 *
 * @param wakeUpMicros                 one cross-core wake-up: half the median park/unpark round trip
 *                                     between two platform threads on different cores
 * @param wakeRoundTripCrossCoreMicros that median round trip (two wake-ups)
 * @param wakeRoundTripSameCoreMicros  the same with both threads on one core (a context switch, no
 *                                     cross-core wake-up); NaN where threads cannot be pinned
 * @param pinned                       whether the threads were pinned to cores (Linux
 *                                     {@code sched_setaffinity}); if not, the scheduler chose
 * @param sleepOvershootMicros         median of {@code Thread.sleep(1 ms)} minus 1 ms
 * @param sleepOvershootP90Micros      its 90th percentile
 * @param nanoTimeGranularityNanos     the median smallest step {@link System#nanoTime()} takes
 */
record MachineFloor(double wakeUpMicros, double wakeRoundTripCrossCoreMicros, double wakeRoundTripSameCoreMicros,
        boolean pinned, double sleepOvershootMicros, double sleepOvershootP90Micros, double nanoTimeGranularityNanos) {

    private static final int WARMUP_ROUND_TRIPS = 500;
    private static final int ROUND_TRIPS = 2_000;
    private static final int SLEEPS = 200;

    /** Measures the floor now (about a second). */
    static MachineFloor measure() throws InterruptedException {
        int other = Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
        Optional<Affinity> affinity = Affinity.available(0, other);
        double crossCore = medianRoundTripMicros(affinity, 0, other);
        double sameCore = affinity.isPresent() ? medianRoundTripMicros(affinity, 0, 0) : Double.NaN;
        double[] overshoot = sleepOvershootsMicros();
        return new MachineFloor(crossCore / 2, crossCore, sameCore, affinity.isPresent(),
                percentile(overshoot, 50), percentile(overshoot, 90), nanoTimeGranularity());
    }

    /** The median time for one thread to wake another and be woken back, both parked in between. */
    private static double medianRoundTripMicros(Optional<Affinity> affinity, int pingCore, int pongCore)
            throws InterruptedException {
        PingPong game = new PingPong();
        Thread pong = Thread.ofPlatform().name("cmbench-floor-pong").start(() -> {
            affinity.ifPresent(a -> a.pin(pongCore));
            game.answer(WARMUP_ROUND_TRIPS + ROUND_TRIPS);
        });
        long[] nanos = new long[ROUND_TRIPS];
        Thread ping = Thread.ofPlatform().name("cmbench-floor-ping").start(() -> {
            affinity.ifPresent(a -> a.pin(pingCore));
            game.serve(pong, WARMUP_ROUND_TRIPS, null);
            game.serve(pong, ROUND_TRIPS, nanos);
        });
        ping.join();
        pong.join();
        return percentile(Arrays.stream(nanos).asDoubleStream().toArray(), 50) / 1_000;
    }

    /** Two threads that take turns; each waits for its turn parked, so every hand-over is a wake-up. */
    private static final class PingPong {
        private volatile int turn; // even: ping's, odd: pong's
        private volatile Thread server;

        void serve(Thread pong, int rounds, long[] nanos) {
            server = Thread.currentThread();
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                int mine = turn;
                turn = mine + 1;
                LockSupport.unpark(pong);
                while (turn == mine + 1) {
                    LockSupport.park(this);
                }
                if (nanos != null) {
                    nanos[i] = System.nanoTime() - start;
                }
            }
        }

        void answer(int rounds) {
            for (int i = 0; i < rounds; i++) {
                while ((turn & 1) == 0) {
                    LockSupport.park(this);
                }
                turn = turn + 1;
                LockSupport.unpark(server);
            }
        }
    }

    private static double[] sleepOvershootsMicros() throws InterruptedException {
        Duration sleep = Duration.ofMillis(1);
        double[] overshoot = new double[SLEEPS];
        for (int i = 0; i < SLEEPS; i++) {
            long start = System.nanoTime();
            Thread.sleep(sleep);
            overshoot[i] = (System.nanoTime() - start - sleep.toNanos()) / 1_000.0;
        }
        return overshoot;
    }

    private static double nanoTimeGranularity() {
        double[] steps = new double[1_000];
        for (int i = 0; i < steps.length; i++) {
            long first = System.nanoTime();
            long next;
            do {
                next = System.nanoTime();
            } while (next == first);
            steps[i] = next - first;
        }
        return percentile(steps, 50);
    }

    private static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Linux {@code sched_setaffinity(0, …)} through the FFM API: pins the calling thread to one core. */
    private record Affinity(MethodHandle setAffinity) {
        private static final long CPU_SET_BYTES = 128; // glibc's cpu_set_t: 1 024 CPUs

        /** The call, if this OS has it and lets a thread pin itself to each of {@code cores}. */
        static Optional<Affinity> available(int... cores) throws InterruptedException {
            if (!System.getProperty("os.name").startsWith("Linux")) {
                return Optional.empty();
            }
            Linker linker = Linker.nativeLinker();
            Optional<Affinity> affinity = linker.defaultLookup().find("sched_setaffinity").map(address ->
                    new Affinity(linker.downcallHandle(address, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG,
                            ADDRESS))));
            if (affinity.isEmpty()) {
                return affinity;
            }
            boolean[] pinned = {true};
            Thread probe = Thread.ofPlatform().name("cmbench-floor-probe").start(() -> {
                for (int core : cores) {
                    pinned[0] &= affinity.get().pin(core);
                }
            });
            probe.join();
            return pinned[0] ? affinity : Optional.empty();
        }

        /** Pins the calling thread to {@code core}; false if the OS refused. */
        boolean pin(int core) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mask = arena.allocate(CPU_SET_BYTES);
                mask.set(JAVA_LONG, (core / 64) * 8L, 1L << (core % 64));
                return (int) setAffinity.invokeExact(0, CPU_SET_BYTES, mask) == 0;
            } catch (Throwable t) {
                return false;
            }
        }
    }
}
