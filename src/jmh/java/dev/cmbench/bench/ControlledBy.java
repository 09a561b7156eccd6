package dev.cmbench.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a benchmark's control: the configuration that carries the benchmark's fixed cost alone
 * (a chain with no stage, a child that returns instead of throwing, a bare start + join), so that
 * what a configuration measures beyond that cost is its difference from the control, divided by
 * {@link #per()} where the cost is per unit. The suite runner lists these in env.json
 * ({@code controls}); the report shows each result's difference beside the benchmark's table.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ControlledBy {

    /** The parameter whose value names the control, e.g. {@code kind}. */
    String param();

    /** The control's value of it, e.g. {@code no-stage}. */
    String value();

    /** A parameter whose value the difference is divided by (e.g. {@code stages}); empty for none. */
    String per() default "";
}
