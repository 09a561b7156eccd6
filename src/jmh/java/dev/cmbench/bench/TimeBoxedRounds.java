package dev.cmbench.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code size} long-lived threads of one kind that repeat an operation in time-boxed rounds:
 * released together, every worker repeats the operation until a stop flag that the caller sets
 * once the round's length has passed, counting its own operations, and the round ends when every
 * worker has stopped. A round's time runs from the first worker's first operation, stamped by
 * that worker, to the flag: the barrier that releases the workers is before it (waking a thread
 * on another vCPU costs tens of µs on a VM), and so is the drain after the flag, when workers
 * parked in a lock's queue are handed it one by one for their last operation, and the barrier
 * that collects them. An operation under way at the flag is counted without the rest of its time:
 * at most one a worker, against 10⁵ operations in a round of 100 ms even at 1 µs an operation.
 *
 * <p>Virtual threads are not time-sliced: a worker that never blocks keeps its carrier until the
 * flag, so with more such workers than carriers the others run only after it. Every worker does
 * at least one operation, so such a worker still takes part, after the flag (counted, as above).
 */
final class TimeBoxedRounds implements AutoCloseable {

    /**
     * Longs from one worker's slot to the next: 128 bytes, so no two slots share a cache line or
     * an adjacent-line prefetch pair. Workers count in locals and write their slot once, at the end.
     */
    private static final int STRIDE = 16;
    private static final int OPERATIONS = 0;
    private static final int READS = 1;
    private static final int BEGAN = 2;
    private static final int ENDED = 3;

    private final WorkerCrew crew;
    private final int size;
    private final long[] slots;
    private volatile boolean stop;

    /** @param operation one operation; what it returns is summed and handed back, so it is not dead code */
    TimeBoxedRounds(String name, ThreadKind kind, int size, LongSupplier operation) {
        this.size = size;
        this.slots = new long[(size + 1) * STRIDE]; // slot i at (i + 1) × STRIDE: none beside the array header
        this.crew = new WorkerCrew(name, kind, size, worker -> work(worker, operation));
    }

    private void work(int worker, LongSupplier operation) {
        long began = System.nanoTime();
        long operations = 0;
        long reads = 0;
        do {
            reads += operation.getAsLong();
            operations++;
        } while (!stop);
        long ended = System.nanoTime();
        int slot = (worker + 1) * STRIDE;
        slots[slot + OPERATIONS] = operations;
        slots[slot + READS] = reads;
        slots[slot + BEGAN] = began;
        slots[slot + ENDED] = ended;
    }

    /**
     * Runs one round: releases the workers, sets the stop flag {@code length} or more later and
     * waits for every worker to stop. Rethrows what a worker threw.
     */
    Round run(Duration length) throws InterruptedException {
        stop = false; // the release below is a phaser barrier: every worker sees this before it starts
        crew.startRound();
        long released = System.nanoTime();
        long stopped;
        try {
            Thread.sleep(length);
        } finally {
            stopped = System.nanoTime();
            stop = true;
            crew.awaitRound(); // a barrier too: every slot written is visible below
        }
        long operations = 0;
        long reads = 0;
        long fewest = Long.MAX_VALUE;
        long most = 0;
        int ran = 0;
        long firstBegan = Long.MAX_VALUE;
        long firstEnded = Long.MAX_VALUE;
        long lastEnded = Long.MIN_VALUE;
        for (int w = 0; w < size; w++) {
            int slot = (w + 1) * STRIDE;
            operations += slots[slot + OPERATIONS];
            reads += slots[slot + READS];
            fewest = Math.min(fewest, slots[slot + OPERATIONS]);
            most = Math.max(most, slots[slot + OPERATIONS]);
            if (slots[slot + BEGAN] < stopped) {
                ran++;
            }
            firstBegan = Math.min(firstBegan, slots[slot + BEGAN]);
            firstEnded = Math.min(firstEnded, slots[slot + ENDED]);
            lastEnded = Math.max(lastEnded, slots[slot + ENDED]);
        }
        // Only if no worker got a CPU before the flag (a machine far too loaded) does the round end at their stop.
        long end = firstBegan < stopped ? stopped : lastEnded;
        return new Round(end - firstBegan, operations, new Fairness(size, ran, fewest, most), reads, released,
                stopped, firstEnded);
    }

    /**
     * One round, as its workers saw it.
     *
     * @param nanos from the first worker's first operation to the stop flag
     * @param operations every worker's operations, summed
     * @param fairness how the operations were shared among the workers
     * @param reads what the operations returned, summed
     * @param released when the caller's release of the workers returned (System.nanoTime); a worker
     *     may begin before it, when the caller waits for a core
     * @param stopped when the caller set the stop flag, at least the round's length after {@code released}
     * @param firstEnded when the first worker stopped: after {@code stopped}, as no worker stops before the flag
     */
    record Round(long nanos, long operations, Fairness fairness, long reads, long released, long stopped,
            long firstEnded) {

        double nanosPerOperation() {
            return (double) nanos / operations;
        }

        long fewestOperations() {
            return fairness.fewestOperations();
        }
    }

    /**
     * How a round's operations were shared: a lock that lets one thread run while the others park
     * shows here, not in ns per operation.
     *
     * @param workers the round's workers
     * @param ran the workers that began before the stop flag: those that really ran in the round;
     *     a virtual thread that never blocks keeps its carrier, so the others run only after the flag
     * @param fewestOperations the operations of the worker that did the fewest
     * @param mostOperations the operations of the worker that did the most
     */
    record Fairness(int workers, int ran, long fewestOperations, long mostOperations) {

        /** The fewest operations a worker did, as a share of an even split: 1 when all did the same. */
        double fewestShare(long operations) {
            return fewestOperations * (double) workers / operations;
        }

        /** The most operations a worker did, as a share of an even split: the number of workers when one did all. */
        double mostShare(long operations) {
            return mostOperations * (double) workers / operations;
        }
    }

    /** Lets every worker leave and waits for each to end. */
    @Override
    public void close() {
        crew.close();
    }
}
