package dev.cmbench.load;

import dev.cmbench.workload.ComputeChain;

/**
 * What the generator sends and what it must get back: request {@code id} carries seed
 * {@code seed(id)}, and its reply must carry the workload's compute run on the backend's answer to
 * that seed. The checksums of a table of seeds are computed once, when the generator starts, so
 * that checking a reply costs a table look-up, not the compute the server did.
 *
 * <p>The table has {@value #SIZE} entries; a server cannot reuse one answer for another request,
 * since it sees only the seed and must ask the backend, which alone knows the salt.
 */
public final class ExpectedReplies {

    static final int SIZE = 1024;

    private final long[] seeds = new long[SIZE];
    private final long[] checksums = new long[SIZE];

    /** The replies a server computing {@code computeUnits} per request owes a backend salted with {@code salt}. */
    public ExpectedReplies(long salt, long computeUnits) {
        for (int i = 0; i < SIZE; i++) {
            seeds[i] = Frames.answer(i, 0x5DEECE66DL);
            checksums[i] = ComputeChain.run(Frames.answer(seeds[i], salt), computeUnits);
        }
    }

    long seed(long id) {
        return seeds[(int) (id & (SIZE - 1))];
    }

    boolean matches(long id, long checksum) {
        return checksums[(int) (id & (SIZE - 1))] == checksum;
    }
}
