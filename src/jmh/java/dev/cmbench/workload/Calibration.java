package dev.cmbench.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * How many {@link ComputeChain} units this JVM runs per microsecond, so that compute can be
 * given in time.
 *
 * <p>{@link #current()} measures once per JVM, hence once per JMH fork: every fork converts the
 * same microseconds with its own figure, measured after the chain is JIT-compiled. The figure
 * is the median of several timed runs, so one descheduled run does not skew it. When the
 * {@value #LOG_PROPERTY} property names a file, each JVM appends its figure there, which is how
 * the suite's env.json reports every fork's calibration.
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

    /** The calibration of this JVM, measured on first use. */
    public static Calibration current() {
        return Measured.INSTANCE;
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

    /** System property naming a file to which each JVM appends its calibration (the suite runner sets it). */
    public static final String LOG_PROPERTY = "cmbench.calibrationLog";

    private static final class Measured {
        static final Calibration INSTANCE = measureAndLog();

        private static Calibration measureAndLog() {
            Calibration calibration = measure();
            String log = System.getProperty(LOG_PROPERTY);
            if (log != null) {
                try {
                    Files.writeString(Path.of(log), calibration.unitsPerMicro() + "\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    System.err.println("cmbench: cannot record the calibration in " + log + ": " + e);
                }
            }
            return calibration;
        }
    }
}
