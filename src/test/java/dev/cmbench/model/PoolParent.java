package dev.cmbench.model;

import java.util.stream.Collectors;

/** A parent JVM for one test: builds a two-worker process pool, prints the worker pids, waits to be killed. */
public final class PoolParent {

    private PoolParent() {
    }

    public static void main(String[] args) throws InterruptedException {
        ConcurrencyModel pool = ModelKind.PROCESS_POOL.create(ModelOptions.defaults().withPoolSize(2));
        System.out.println(ProcessHandle.current().children().map(p -> Long.toString(p.pid()))
                .collect(Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        pool.close();
    }
}
