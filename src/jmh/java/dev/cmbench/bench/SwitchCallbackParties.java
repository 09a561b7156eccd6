package dev.cmbench.bench;

import dev.cmbench.bench.SwitchPair.Placement;
import dev.cmbench.bench.SwitchPair.Seen;
import dev.cmbench.bench.SwitchPair.Sightings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Two callbacks that post each other: to one event loop, or party A's to its loop and B's to another. */
final class SwitchCallbackParties implements SwitchPair.Parties {
    private final List<ExecutorService> loops = new ArrayList<>();
    private final Sightings sightings;

    SwitchCallbackParties(Placement placement) {
        this.sightings = new Sightings(placement);
        for (int party = 0; party < placement.cpus(); party++) {
            int pinTo = party;
            AtomicInteger started = new AtomicInteger();
            loops.add(Executors.newSingleThreadExecutor(task -> Thread.ofPlatform()
                    .name("cmbench-switch-loop-" + pinTo + "-" + started.incrementAndGet()).unstarted(() -> {
                        if (placement.cpus() > 1) {
                            placement.pinThread(pinTo);
                        }
                        task.run();
                    })));
        }
    }

    private ExecutorService loopOf(int party) {
        return loops.get(Math.min(party, loops.size() - 1));
    }

    @Override
    public long roundTrips(long start, int n) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        loopOf(0).execute(() -> a(start, n, done));
        long end = done.get();
        sightings.firstBatchDone();
        return end;
    }

    /** Party A: ends the batch, or posts B with the value. */
    private void a(long value, int left, CompletableFuture<Long> done) {
        sightings.note(0);
        if (left == 0) {
            done.complete(value);
        } else {
            loopOf(1).execute(() -> b(value, left, done));
        }
    }

    /** Party B: answers with the next value, posting A. */
    private void b(long value, int left, CompletableFuture<Long> done) {
        sightings.note(1);
        loopOf(0).execute(() -> a(value + 1, left - 1, done));
    }

    @Override
    public List<Seen> seen() {
        return sightings.list();
    }

    @Override
    public void close() {
        loops.forEach(ExecutorService::shutdownNow);
        for (ExecutorService loop : loops) {
            try {
                if (!loop.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("an event loop of the callbacks pair did not stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
