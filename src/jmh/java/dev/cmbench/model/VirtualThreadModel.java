package dev.cmbench.model;

import java.util.concurrent.Executors;

/**
 * {@code virtual}: {@code Executors.newVirtualThreadPerTaskExecutor()}, a new virtual thread per
 * task — the JVM's answer to gevent and asyncio coroutines, without colouring the code.
 *
 * <p>{@code Thread.sleep} on a virtual thread unmounts it from its carrier, so all sleeps of a
 * batch overlap on the few carrier threads of the default scheduler (one per core).
 */
final class VirtualThreadModel extends ExecutorModel {

    VirtualThreadModel(ModelOptions options) {
        super("virtual", Executors.newVirtualThreadPerTaskExecutor(), options.latency());
    }
}
