package dev.cmbench.analysis.read;

import dev.cmbench.analysis.stats.ForkInterval;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JMH score unit: time per operation ({@code ms/op}), operations per time ({@code ops/s}), or,
 * for secondary metrics only, anything else ({@code B/op}, {@code MB/sec}, {@code #}).
 *
 * <p>Time units are JMH's: {@code ns us ms s min hr day} (and {@code µs}). Scores are compared in
 * a base unit (ns/op, ops/ns) and shown auto-scaled so the number lies between 1 and 1000.
 */
public record ScoreUnit(String text, Kind kind, double nanos) {

    enum Kind {
        /** Lower is better: avgt, sample, ss. */
        TIME_PER_OP,
        /** Higher is better: thrpt. */
        OPS_PER_TIME,
        /** A unit the analyzer does not convert; compared only with the same text. */
        OTHER
    }

    private static final Map<String, Double> NANOS = Map.of("ns", 1.0, "us", 1e3, "µs", 1e3, "ms", 1e6, "s", 1e9,
            "min", 60e9, "hr", 3600e9, "day", 86400e9);
    private static final String[] SCALES = {"ns", "µs", "ms", "s"};
    private static final double[] SCALE_NANOS = {1, 1e3, 1e6, 1e9};
    private static final String[] BYTE_SCALES = {"B", "KiB", "MiB", "GiB"};

    /** The time unit {@code text} names, if it is one JMH writes for a primary score. */
    static Optional<ScoreUnit> ofTime(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length == 2 && parts[1].equals("op") && NANOS.containsKey(parts[0])) {
            return Optional.of(new ScoreUnit(text, Kind.TIME_PER_OP, NANOS.get(parts[0])));
        }
        if (parts.length == 2 && parts[0].equals("ops") && NANOS.containsKey(parts[1])) {
            return Optional.of(new ScoreUnit(text, Kind.OPS_PER_TIME, NANOS.get(parts[1])));
        }
        return Optional.empty();
    }

    /** Any unit: a time unit where it is one (a bare "ms" is a time too, as latency), else an opaque one. */
    public static ScoreUnit of(String text) {
        if (NANOS.containsKey(text)) {
            return new ScoreUnit(text, Kind.TIME_PER_OP, NANOS.get(text));
        }
        return ofTime(text).orElse(new ScoreUnit(text, Kind.OTHER, 1));
    }

    /** Bytes, or bytes per something ("B", "B/op"): shown in KiB, MiB, GiB. */
    public boolean isBytes() {
        return kind == Kind.OTHER && (text.equals("B") || text.startsWith("B/"));
    }

    public boolean isTime() {
        return kind != Kind.OTHER;
    }

    public boolean lowerIsBetter() {
        return kind != Kind.OPS_PER_TIME;
    }

    /** The unit {@link #toBase} converts to: ns/op, ops/ns, or this one. */
    public ScoreUnit base() {
        return switch (kind) {
            case TIME_PER_OP -> new ScoreUnit("ns/op", kind, 1);
            case OPS_PER_TIME -> new ScoreUnit("ops/ns", kind, 1);
            case OTHER -> this;
        };
    }

    /** The value in ns/op, ops/ns, or unchanged for other units. */
    public double toBase(double value) {
        return switch (kind) {
            case TIME_PER_OP -> value * nanos;
            case OPS_PER_TIME -> value / nanos;
            case OTHER -> value;
        };
    }

    /** A value in {@link #base()} back in this unit: the inverse of {@link #toBase}. */
    public double fromBase(double value) {
        return switch (kind) {
            case TIME_PER_OP -> value / nanos;
            case OPS_PER_TIME -> value * nanos;
            case OTHER -> value;
        };
    }

    /** Nanoseconds per operation for a time unit: 1/throughput for ops per time. */
    public double nanosPerOp(double value) {
        return switch (kind) {
            case TIME_PER_OP -> value * nanos;
            case OPS_PER_TIME -> nanos / value;
            case OTHER -> throw new IllegalStateException(text + " is not a time unit");
        };
    }

    /** The value shown in the largest unit that keeps it at or above 1, e.g. "12.3 ms" or "4.56 ops/µs". */
    public String format(double value) {
        return format(value, Double.NaN);
    }

    /**
     * As {@link #format(double)}, with "± error" in the same unit when the error is known; the
     * error gets two significant digits and the score as many decimals: "100.22 ± 0.20 ms".
     */
    public String format(double value, double error) {
        return format(value, error, shown(value));
    }

    /** As {@link #format(double, double)}, in the given display unit (one shared by a whole table). */
    public String format(double value, double error, Shown shown) {
        return pair(shown.of(this, value), Math.abs(shown.of(this, error))) + " " + shown.suffix;
    }

    /** As {@link #format(double)}, in the given display unit. */
    public String format(double value, Shown shown) {
        return format(value, (ForkInterval) null, shown);
    }

    /**
     * As {@link #format(double)}, followed by the interval's ends in the same unit, or alone
     * without one; the ends get two significant digits of the half-width, and the score as many
     * decimals: "100.22 ms [95.12, 105.61]". Not "±": a log-scale interval is not symmetric.
     */
    public String format(double value, ForkInterval interval) {
        return format(value, interval, shown(value));
    }

    /** As {@link #format(double, ForkInterval)}, in the given display unit (one shared by a whole table). */
    public String format(double value, ForkInterval interval, Shown shown) {
        double v = shown.of(this, value);
        if (interval == null || !Double.isFinite(value)) {
            return pair(v, Double.NaN) + " " + shown.suffix;
        }
        double a = shown.of(this, interval.low());
        double b = shown.of(this, interval.high());
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        double half = (high - low) / 2;
        if (!(half > 0) || !Double.isFinite(half)) {
            return number(v) + " " + shown.suffix + " [" + number(low) + ", " + number(high) + "]";
        }
        String pattern = "%." + decimals(half) + "f";
        return fixed(pattern, v) + " " + shown.suffix + " [" + fixed(pattern, low) + ", " + fixed(pattern, high) + "]";
    }

    /** {@code value} in {@code pattern}, without the sign of a negative value that rounds to zero ("-0"). */
    private static String fixed(String pattern, double value) {
        String text = String.format(Locale.ROOT, pattern, value);
        return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
    }

    /**
     * A display unit: a value in its unit's {@link #base()} times {@code perBase}, followed by
     * {@code suffix}; "ms" is {@code perBase} 1e-6 of ns/op. One display unit for every cell of a
     * table keeps a column (and a row) in one unit.
     */
    public record Shown(double perBase, String suffix) {

        /** {@code value} of {@code unit} as this display unit shows it. */
        public double of(ScoreUnit unit, double value) {
            return unit.toBase(value) * perBase;
        }
    }

    /** This unit as JMH wrote it: the value unchanged, followed by its own text. */
    private Shown own() {
        return new Shown(switch (kind) {
            case TIME_PER_OP -> 1 / nanos;
            case OPS_PER_TIME -> nanos;
            case OTHER -> 1;
        }, text);
    }

    /** The largest unit that keeps {@code value} at or above 1 (ops per time: below 1000 per unit). */
    public Shown shown(double value) {
        if (isBytes() && Double.isFinite(value)) {
            int scale = 0;
            while (scale + 1 < BYTE_SCALES.length && Math.abs(value) >= Math.pow(1024, scale + 1)) {
                scale++;
            }
            return new Shown(1 / Math.pow(1024, scale), BYTE_SCALES[scale] + text.substring(1));
        }
        if (kind == Kind.OTHER || !Double.isFinite(value)) {
            return own();
        }
        double base = toBase(value);
        if (kind == Kind.TIME_PER_OP) {
            int scale = 0;
            while (scale + 1 < SCALES.length && Math.abs(base) >= SCALE_NANOS[scale + 1]) {
                scale++;
            }
            return new Shown(1 / SCALE_NANOS[scale], SCALES[scale]);
        }
        // ops per time: the largest time unit in which fewer than 1000 ops fit
        int scale = SCALES.length - 1;
        while (scale > 0 && base * SCALE_NANOS[scale] >= 1000) {
            scale--;
        }
        return new Shown(SCALE_NANOS[scale], "ops/" + SCALES[scale]);
    }

    private static String pair(double value, double error) {
        if (!Double.isFinite(error) || error <= 0 || !Double.isFinite(value)) {
            return number(value);
        }
        String pattern = "%." + decimals(error) + "f";
        return String.format(Locale.ROOT, pattern, value) + " ± " + String.format(Locale.ROOT, pattern, error);
    }

    /** Decimals that give {@code spread} two significant digits (0 to 9). */
    private static int decimals(double spread) {
        return Math.max(0, Math.min(9, 1 - (int) Math.floor(Math.log10(spread))));
    }

    private static final ScoreUnit NANOS_PER_OP = new ScoreUnit("ns/op", Kind.TIME_PER_OP, 1);

    /** A duration in nanoseconds, auto-scaled: "10.0 ms". */
    public static String duration(double nanos) {
        return NANOS_PER_OP.format(nanos);
    }

    /** A duration in nanoseconds with its interval in nanoseconds (or none), auto-scaled: "10.0 ms [9.1, 11.2]". */
    public static String duration(double nanos, ForkInterval intervalNanos) {
        return NANOS_PER_OP.format(nanos, intervalNanos);
    }

    /** As {@link #duration(double, ForkInterval)}, in a display unit shared by a whole table. */
    public static String duration(double nanos, ForkInterval intervalNanos, Shown shown) {
        return NANOS_PER_OP.format(nanos, intervalNanos, shown);
    }

    /** The display unit a duration of {@code nanos} is shown in by {@link #duration(double)}. */
    public static Shown durationShown(double nanos) {
        return NANOS_PER_OP.shown(nanos);
    }

    /** Three significant digits, plain notation. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+∞" : "−∞";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3g";
        return String.format(Locale.ROOT, pattern, value);
    }
}
