package dev.cmbench.bench;

/**
 * Whether a cancel's victim runs on a thread started for it or on one that has run victims
 * before: a fresh platform thread's first sleep and wake-up cost more than a pooled thread's, so
 * kinds compared for their cancel must be compared with the same freshness.
 */
enum VictimThread implements Named {
    /** A thread started for this victim alone, in the set-up before the cancel. */
    FRESH("fresh"),
    /** A long-lived thread that has slept and been cancelled many times before. */
    WARM("warm");

    private final String id;

    VictimThread(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    static VictimThread named(String id) {
        return Named.lookup(VictimThread.class, id);
    }
}
