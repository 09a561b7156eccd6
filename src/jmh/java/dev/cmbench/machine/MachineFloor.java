package dev.cmbench.machine;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * What this machine charges for waking a thread, measured inside every fork of the suite, seconds
 * after the fork's figures (see {@code MachineFloorProbe}), so that each figure has the floor of
 * its own minutes beside it.
 *
 * <p>On a VM a thread that parks lets its vCPU halt; waking it on another vCPU goes through the
 * host, which on a 2-vCPU cloud VM costs 4-21 µs depending on the hour, as much as or more than
 * the JVM's own work in a thread start or a hand-off. The probe is itself a JVM operation (a
 * park/unpark ping-pong), so it is a reading of the machine beside a figure, never a part to
 * subtract from one: the machine's share of a figure is shown by the same figure measured with
 * the fork confined to one CPU ({@link ProcessConfinement}).
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
public record MachineFloor(double wakeUpMicros, double wakeRoundTripCrossCoreMicros, double wakeRoundTripSameCoreMicros,
        boolean pinned, double sleepOvershootMicros, double sleepOvershootP90Micros, double nanoTimeGranularityNanos) {

    private static final int WARMUP_ROUND_TRIPS = 500;
    private static final int ROUND_TRIPS = 2_000;
    private static final int SLEEPS = 200;

    /** Measures the floor now (under half a second here), on the first two CPUs this thread may use. */
    public static MachineFloor measure() throws InterruptedException {
        Optional<Affinity> affinity = Affinity.ofThisOs();
        BitSet allowed = affinity.flatMap(a -> a.of(0)).orElse(new BitSet());
        int first = Math.max(0, allowed.nextSetBit(0));
        int other = allowed.cardinality() > 1 ? allowed.nextSetBit(first + 1) : first;
        if (affinity.isPresent() && !canPin(affinity.get(), first, other)) {
            affinity = Optional.empty();
        }
        double crossCore = medianRoundTripMicros(affinity, first, other);
        double sameCore = affinity.isPresent() ? medianRoundTripMicros(affinity, first, first) : Double.NaN;
        double[] overshoot = sleepOvershootsMicros();
        return new MachineFloor(crossCore / 2, crossCore, sameCore, affinity.isPresent(),
                percentile(overshoot, 50), percentile(overshoot, 90), nanoTimeGranularity());
    }

    /** Whether a thread may pin itself to each of these CPUs (a container may forbid it). */
    private static boolean canPin(Affinity affinity, int... cpus) throws InterruptedException {
        boolean[] pinned = {true};
        Thread probe = Thread.ofPlatform().name("cmbench-floor-probe").start(() -> {
            for (int cpu : cpus) {
                pinned[0] &= affinity.pin(cpu);
            }
        });
        probe.join();
        return pinned[0];
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
}
