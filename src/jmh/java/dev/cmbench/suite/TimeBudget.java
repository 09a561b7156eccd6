package dev.cmbench.suite;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A time budget as a user writes it: {@code 45m}, {@code 90m}, {@code 1h30m}, {@code 600s}. */
final class TimeBudget {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?:in)?)?(?:(\\d+)s)?");

    private TimeBudget() {
    }

    /** The seconds {@code text} says; 0 for a blank one (no budget). */
    static long seconds(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return 0;
        }
        Matcher m = DURATION.matcher(t);
        long seconds = 0;
        if (m.matches()) {
            try {
                seconds = Math.addExact(Math.addExact(Math.multiplyExact(part(m.group(1)), 3600),
                        Math.multiplyExact(part(m.group(2)), 60)), part(m.group(3)));
            } catch (ArithmeticException | NumberFormatException e) {
                seconds = 0; // said below
            }
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("the budget '" + text + "' is not a duration such as 45m, 1h30m or 600s");
        }
        return seconds;
    }

    /** {@code 45.0 min}, for the console. */
    static String minutes(double seconds) {
        return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    private static long part(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
