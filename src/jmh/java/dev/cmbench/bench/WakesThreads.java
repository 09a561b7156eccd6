package dev.cmbench.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark whose figure includes waking parked threads, and says which. On a VM a
 * cross-core wake-up costs tens of µs, often more than the JVM's own part of such a figure, so
 * the suite runner lists these benchmarks in env.json beside the machine's measured wake-up,
 * and the report shows each of their figures in wake-ups: the reader can then tell the JVM's
 * cost from the machine's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WakesThreads {

    /** The wake-ups one operation contains, in words: "the new thread, then the joining one". */
    String value();
}
