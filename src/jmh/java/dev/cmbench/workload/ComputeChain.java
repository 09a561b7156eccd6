package dev.cmbench.workload;

/**
 * CPU work the JIT cannot fold away: a chain of dependent multiply-xorshift steps.
 *
 * <p>Each step needs the previous step's result, so the loop can be neither vectorised nor
 * reordered, and its cost is linear in the number of units. The start value mixes the task's
 * seed with a {@code volatile} salt: the compiler cannot treat it as a constant, so it cannot
 * precompute the result, and since every caller returns or checks the result, the loop is
 * never dead code.
 */
public final class ComputeChain {

    /** Read on every call, so no compilation can constant-fold a chain's input. */
    private static volatile long salt = 0x9E3779B97F4A7C15L;

    private ComputeChain() {
    }

    /** Runs {@code units} dependent steps from {@code seed}; the result is the checksum. */
    public static long run(long seed, long units) {
        if (units < 0) {
            throw new IllegalArgumentException("compute units must be >= 0, got " + units);
        }
        long x = seed ^ salt;
        for (long i = 0; i < units; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }
}
