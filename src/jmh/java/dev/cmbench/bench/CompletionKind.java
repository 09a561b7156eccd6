package dev.cmbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Ways to collect the results of tasks submitted together: the notes' {@code map} (in order),
 * {@code as_completed} (as they finish), and the JDK's {@code invokeAll} and {@code anyOf}.
 * Every method returns the results it waited for and leaves the rest running: the benchmark's
 * tear-down waits for them outside the measurement.
 */
enum CompletionKind implements Named {
    /** Submit all, then get them in submission order, as {@code Executor.map} does. */
    IN_ORDER("in-order") {
        @Override
        List<Long> first(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) throws Exception {
            List<Future<Long>> futures = submitAll(executor, tasks, running);
            return List.of(futures.get(0).get());
        }

        @Override
        List<Long> all(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) throws Exception {
            List<Long> results = new ArrayList<>();
            for (Future<Long> f : submitAll(executor, tasks, running)) {
                results.add(f.get());
            }
            return results;
        }
    },
    /** ExecutorCompletionService.take(): results as they finish ({@code as_completed}). */
    COMPLETION_SERVICE("completion-service") {
        @Override
        List<Long> first(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) throws Exception {
            return take(executor, tasks, running, 1);
        }

        @Override
        List<Long> all(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) throws Exception {
            return take(executor, tasks, running, tasks.size());
        }
    },
    /** invokeAll returns when every task is done; the first result is only there after the last. */
    INVOKE_ALL("invoke-all") {
        @Override
        List<Long> first(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) throws Exception {
            return List.of(executor.invokeAll(tasks).get(0).get());
        }

        @Override
        List<Long> all(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) throws Exception {
            List<Long> results = new ArrayList<>();
            for (Future<Long> f : executor.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        }
    },
    /** CompletableFuture.anyOf for the first, allOf for all. */
    ANY_OF("any-of") {
        @Override
        List<Long> first(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) {
            CompletableFuture<?>[] futures = supplyAll(executor, tasks, running);
            return List.of((Long) CompletableFuture.anyOf(futures).join());
        }

        @Override
        List<Long> all(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running) {
            CompletableFuture<?>[] futures = supplyAll(executor, tasks, running);
            CompletableFuture.allOf(futures).join();
            List<Long> results = new ArrayList<>();
            for (CompletableFuture<?> f : futures) {
                results.add((Long) f.join());
            }
            return results;
        }
    };

    private final String id;

    CompletionKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The first result this way yields; every task started goes into {@code running}. */
    abstract List<Long> first(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running)
            throws Exception;

    /** Every result, in the order this way yields them. */
    abstract List<Long> all(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running)
            throws Exception;

    static CompletionKind named(String id) {
        return Named.lookup(CompletionKind.class, id);
    }

    private static List<Future<Long>> submitAll(ExecutorService executor, List<Callable<Long>> tasks,
            List<Future<?>> running) {
        List<Future<Long>> futures = new ArrayList<>();
        for (Callable<Long> task : tasks) {
            futures.add(executor.submit(task));
        }
        running.addAll(futures);
        return futures;
    }

    private static List<Long> take(ExecutorService executor, List<Callable<Long>> tasks, List<Future<?>> running,
            int count) throws Exception {
        ExecutorCompletionService<Long> service = new ExecutorCompletionService<>(executor);
        for (Callable<Long> task : tasks) {
            running.add(service.submit(task));
        }
        List<Long> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(service.take().get());
        }
        return results;
    }

    private static CompletableFuture<?>[] supplyAll(ExecutorService executor, List<Callable<Long>> tasks,
            List<Future<?>> running) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[tasks.size()];
        for (int i = 0; i < futures.length; i++) {
            Callable<Long> task = tasks.get(i);
            futures[i] = CompletableFuture.supplyAsync(() -> {
                try {
                    return task.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, executor);
            running.add(futures[i]);
        }
        return futures;
    }
}
