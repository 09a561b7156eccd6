package dev.cmbench.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark whose figure is made of wake-ups of parked threads (a start + join, a
 * hand-off, a cancel), and says which. On a VM a cross-core wake-up costs 4-21 µs depending on
 * the hour, as much as such a figure, so the suite runner lists these benchmarks in env.json and
 * the report gives each of their figures in wake-ups of the floor the same forks measured. That
 * count is a scale, not a split: the machine's share is the contrast with the figure measured on
 * one CPU ({@link CpuConfinement}). A figure that merely holds a wake-up beside a sleep of a
 * millisecond is not marked: counted in wake-ups it would be a large number that means nothing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WakesThreads {

    /** The wake-ups one operation contains, in words: "the new thread, then the joining one". */
    String value();
}
