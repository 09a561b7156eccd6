package dev.cmbench.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the secondary metric that is a benchmark's figure, where JMH's primary score can only
 * frame it: a time-boxed round whose operations are counted only when it ends (ns per operation),
 * a memory size (bytes per unit), a latency the victim stamps itself. The suite runner lists these
 * in env.json; the report's summary ranks the figure instead of the frame, and the gate tests it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HeadlineMetric {

    /** The secondary metric's name in jmh.json, e.g. {@code nsPerOp}; lower is better. */
    String value();
}
