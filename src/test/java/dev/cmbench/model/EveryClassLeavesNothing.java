package dev.cmbench.model;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test class, the {@link LeakCheck}: no thread a model or benchmark names, no virtual
 * thread and no child process is left alive. Registered for every class (the service file beside
 * {@code junit-platform.properties}), so that classes without a check of their own are covered.
 * The classes run one after another in one JVM, so what is alive after a class and was not after
 * the one before is that class's leak; a survivor is reported once, by the class that left it, so
 * a leak fails the class that leaked and not every class after it.
 */
public final class EveryClassLeavesNothing implements AfterAllCallback {

    private static final Duration GRACE = Duration.ofSeconds(10);

    /** Survivors some earlier class was already failed for, by what names them (not their state). */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        List<String> left = newSurvivors();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = newSurvivors();
        }
        if (!left.isEmpty()) {
            left.forEach(survivor -> REPORTED.add(identity(survivor)));
            throw new IllegalStateException(context.getDisplayName() + " left alive: " + String.join(", ", left));
        }
    }

    private static List<String> newSurvivors() {
        return LeakCheck.survivors().stream().filter(survivor -> !REPORTED.contains(identity(survivor))).toList();
    }

    /** "thread NAME", "virtual thread #ID 'NAME'" or "process PID": the survivor without its state. */
    private static String identity(String survivor) {
        int state = survivor.lastIndexOf(" (");
        return state < 0 ? survivor : survivor.substring(0, state);
    }
}
