package dev.cmbench.workload;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workload of the user's own, named on the command line by what its task does:
 * {@code -p workload=sleep:2ms+compute:300us} (either order; units ns, us or µs, ms, s;
 * decimals allowed, as in {@code 1.5ms}). The two parts are joined by {@code +} because JMH
 * splits a parameter's values at commas. The id is the text exactly as given, which is how the
 * result's parameter, env.json's {@code workloads} and the report name it.
 *
 * @param id      the text as given
 * @param sleep   how long each task sleeps (its I/O)
 * @param compute how long each task computes, turned into work by the run's calibration
 */
public record CustomWorkload(String id, Duration sleep, Duration compute) implements WorkloadShape {

    /** The form the error messages show. */
    static final String FORM = "sleep:<time>+compute:<time> (e.g. sleep:2ms+compute:300us; units ns, us, ms, s)";

    private static final Pattern PART = Pattern.compile("(sleep|compute):(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L);

    public CustomWorkload {
        if (sleep.isNegative() || compute.isNegative() || sleep.isZero() && compute.isZero()) {
            throw new IllegalArgumentException("workload '" + id + "': a task must sleep or compute, and neither "
                    + "may be negative; got sleep " + sleep + ", compute " + compute);
        }
    }

    /** Whether {@code id} is meant as a custom workload (it says what a task does), right or wrong. */
    static boolean looksLikeOne(String id) {
        return id.startsWith("sleep") || id.startsWith("compute") || id.contains(":");
    }

    /** The workload {@code text} describes; the error says what is wrong and shows the form. */
    public static CustomWorkload parse(String text) {
        Duration sleep = null;
        Duration compute = null;
        for (String part : text.split("\\+", -1)) {
            Matcher m = PART.matcher(part.strip());
            if (!m.matches()) {
                throw bad(text, "'" + part + "' is not sleep:<time> or compute:<time>");
            }
            Duration value = duration(text, m.group(2), m.group(3));
            if (m.group(1).equals("sleep")) {
                if (sleep != null) {
                    throw bad(text, "it gives sleep twice");
                }
                sleep = value;
            } else {
                if (compute != null) {
                    throw bad(text, "it gives compute twice");
                }
                compute = value;
            }
        }
        if (sleep == null || compute == null) {
            throw bad(text, "it must give both sleep and compute");
        }
        if (sleep.isZero() && compute.isZero()) {
            throw bad(text, "a task must sleep or compute");
        }
        return new CustomWorkload(text, sleep, compute);
    }

    private static Duration duration(String text, String number, String unit) {
        BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(unit)));
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw bad(text, number + unit + " is not a whole number of nanoseconds, or too long");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad custom workload '" + text + "': " + why + "; write it as " + FORM
                + ", the parts joined by + since JMH splits -p values at commas");
    }
}
