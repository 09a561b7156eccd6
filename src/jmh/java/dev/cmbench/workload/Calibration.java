package dev.cmbench.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * How many {@link ComputeChain} units run per microsecond, so that compute can be given in time.
 *
 * <p>The suite measures it once per run ({@link #measure()}, in the suite runner) and hands the
 * same figure to every fork in the {@value #UNITS_PROPERTY} property, so every fork, and a second
 * run given the same figure, does the same work: a change that slows the chain down shows as a
 * longer makespan instead of being converted away, and the calibration's own fork-to-fork noise
 * stays out of the makespans. {@link #current()} is that figure; only a fork started without it
 * (plain JMH) measures its own. Either way each fork also measures its own speed, and when the
 * {@value #LOG_PROPERTY} property names a file, appends it there, which is how env.json shows
 * the spread of the forks' speeds. The figure is the median of several timed runs after the
 * chain is JIT-compiled, so one descheduled run does not skew it.
 */
public record Calibration(double unitsPerMicro) {

    private static final int WARMUP_RUNS = 2_000;
    private static final long WARMUP_UNITS = 10_000;
    private static final int TIMED_RUNS = 21;
    private static final long TIMED_UNITS = 200_000;

    /** Defeats dead-code elimination of the calibration runs. */
    private static volatile long sink;

    public Calibration {
        if (!(unitsPerMicro > 0) || Double.isInfinite(unitsPerMicro)) {
            throw new IllegalArgumentException("unitsPerMicro must be positive and finite, got " + unitsPerMicro);
        }
    }

    /** The suite's calibration if this JVM was given one, else this JVM's own, measured on first use. */
    public static Calibration current() {
        return Current.INSTANCE;
    }

    /** {@code text} as a calibration, or an error naming {@code source} and what is wrong. */
    public static Calibration parse(String text, String source) {
        try {
            return new Calibration(Double.parseDouble(text.strip()));
        } catch (IllegalArgumentException e) { // NumberFormatException is one
            throw new IllegalArgumentException(source + " is not a calibration (a positive number of units per µs): '"
                    + text + "'");
        }
    }

    /** Work units that take {@code compute} on this JVM; zero for zero. */
    public long unitsFor(Duration compute) {
        if (compute.isNegative()) {
            throw new IllegalArgumentException("compute must not be negative, got " + compute);
        }
        return Math.round(compute.toNanos() / 1_000.0 * unitsPerMicro);
    }

    /** Measures the chain's speed on this JVM now (takes well under a second). */
    public static Calibration measure() {
        long acc = 0;
        for (int i = 0; i < WARMUP_RUNS; i++) {
            acc += ComputeChain.run(i, WARMUP_UNITS);
        }
        long[] nanos = new long[TIMED_RUNS];
        for (int i = 0; i < TIMED_RUNS; i++) {
            long start = System.nanoTime();
            acc += ComputeChain.run(i, TIMED_UNITS);
            nanos[i] = System.nanoTime() - start;
        }
        sink = acc;
        Arrays.sort(nanos);
        double medianMicros = Math.max(1, nanos[TIMED_RUNS / 2]) / 1_000.0;
        return new Calibration(TIMED_UNITS / medianMicros);
    }

    /** System property with the suite's calibration in units per µs, which every fork uses (the suite runner sets it). */
    public static final String UNITS_PROPERTY = "cmbench.unitsPerMicro";

    /** System property naming a file to which each JVM appends its own measured speed (the suite runner sets it). */
    public static final String LOG_PROPERTY = "cmbench.calibrationLog";

    private static final class Current {
        static final Calibration INSTANCE = chosen();

        private static Calibration chosen() {
            Calibration own = measure();
            log(own);
            String given = System.getProperty(UNITS_PROPERTY);
            return given == null ? own : parse(given, "-D" + UNITS_PROPERTY);
        }

        private static void log(Calibration own) {
            String log = System.getProperty(LOG_PROPERTY);
            if (log != null) {
                try {
                    Files.writeString(Path.of(log), own.unitsPerMicro() + "\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    System.err.println("cmbench: cannot record this fork's speed in " + log + ": " + e);
                }
            }
        }
    }
}
