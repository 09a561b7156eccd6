package dev.cmbench.bench;

import dev.cmbench.model.Shutdown;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * {@code size} long-lived threads of one kind that each run {@code work} once per round; the
 * caller starts a round and waits for it. The threads are started once, outside measurement, so
 * a benchmark times the work and not thread start-up; a round costs two phaser barriers, which
 * a benchmark amortises over its round's work or, as {@link TimeBoxedRounds} does, keeps out of its figure.
 */
final class WorkerCrew implements AutoCloseable {

    private final Phaser phaser;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    /** @param work called with the worker's index, 0 .. size-1, once per round */
    WorkerCrew(String name, ThreadKind kind, int size, IntConsumer work) {
        if (size < 1) {
            throw new IllegalArgumentException("a crew needs at least one thread, got " + size);
        }
        phaser = new Phaser(size + 1);
        Thread.Builder builder = kind.builder(name);
        for (int i = 0; i < size; i++) {
            int index = i;
            threads.add(builder.start(() -> loop(index, work)));
        }
    }

    private void loop(int index, IntConsumer work) {
        while (true) {
            phaser.arriveAndAwaitAdvance(); // round start
            if (stopping) {
                phaser.arriveAndDeregister();
                return;
            }
            try {
                work.accept(index);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            phaser.arriveAndAwaitAdvance(); // round done
        }
    }

    /** Releases every worker into a round. */
    void startRound() {
        phaser.arriveAndAwaitAdvance();
    }

    /** Waits until every worker has finished the round; rethrows what a worker threw. */
    void awaitRound() {
        phaser.arriveAndAwaitAdvance();
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a worker failed: " + t, t);
        }
    }

    void runRound() {
        startRound();
        awaitRound();
    }

    /** Lets every worker leave its loop and waits for each to end. */
    @Override
    public void close() {
        stopping = true;
        phaser.arriveAndDeregister();
        Shutdown.joinAll(threads);
    }
}
