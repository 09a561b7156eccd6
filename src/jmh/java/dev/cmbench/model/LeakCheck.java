package dev.cmbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds what a model left running: live platform threads named {@link ModelKind#THREAD_PREFIX},
 * every live virtual thread, and live child processes of this JVM. Benchmarks call it in
 * {@code @TearDown}, tests after close().
 *
 * <p>{@link Thread#getAllStackTraces()} lists platform threads only, so virtual threads are found
 * in a thread dump ({@link HotSpotDiagnosticMXBean#dumpThreads} in JSON), which lists every
 * virtual thread the JVM tracks: all of them, unless {@code -Djdk.trackAllThreads=false} leaves
 * out those started outside an executor or a scope. Any live virtual thread counts, named or not
 * (an executor's are unnamed) but the JDK's own I/O pollers: neither JMH nor JUnit starts any, so
 * one alive after a trial or a test is something the code under test left behind.
 */
public final class LeakCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LeakCheck() {
    }

    /** What is still alive now, one line each; empty when nothing leaked. */
    public static List<String> survivors() {
        List<String> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(ModelKind.THREAD_PREFIX)) {
                alive.add("thread " + t.getName() + " (" + t.getState() + ")");
            }
        }
        alive.addAll(virtualThreads());
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p ->
                alive.add("process " + p.pid() + " (" + p.info().commandLine().orElse("?") + ")"));
        return alive;
    }

    /** Every virtual thread alive now but the caller, as "virtual thread #tid name (state)". */
    public static List<String> virtualThreads() {
        List<String> virtual = new ArrayList<>();
        long me = Thread.currentThread().threadId();
        for (JsonNode container : threadDump().path("threadDump").path("threadContainers")) {
            for (JsonNode thread : container.path("threads")) {
                if (thread.path("virtual").asBoolean(false) && thread.path("tid").asLong() != me && !jdkPoller(thread)) {
                    virtual.add("virtual thread #" + thread.path("tid").asLong() + " '" + thread.path("name").asText()
                            + "' (" + thread.path("state").asText() + ")");
                }
            }
        }
        return virtual;
    }

    /**
     * Whether a virtual thread is one of the JDK's own I/O pollers ({@code sun.nio.ch.Poller}, the
     * "SubPoller-N" threads that JDK 25 starts, and keeps, once virtual threads use sockets), by the
     * loop they run.
     */
    private static boolean jdkPoller(JsonNode thread) {
        for (JsonNode frame : thread.path("stack")) {
            String at = frame.asText(); // the loops, not poll(): a thread of the code under test blocked in a read
            if (at.contains("sun.nio.ch.Poller.subPollerLoop(") || at.contains("sun.nio.ch.Poller.pollerLoop(")) {
                return true;
            }
        }
        return false;
    }

    /** This JVM's threads as the JDK's JSON thread dump has them (it writes only to a file that does not exist). */
    private static JsonNode threadDump() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cmbench-threads");
            Path dump = dir.resolve("threads.json").toAbsolutePath();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            JsonNode tree = JSON.readTree(dump.toFile());
            Files.delete(dump);
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a thread dump to look for virtual threads", e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory left behind is not the leak this class looks for
                }
            }
        }
    }

    /**
     * Throws {@link IllegalStateException} naming every survivor if any remains after
     * {@code grace}; threads that have finished their work may take a moment to exit.
     */
    public static void assertNothingLeft(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> alive = survivors();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = survivors();
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException("still alive after close(): " + String.join(", ", alive));
        }
    }
}
