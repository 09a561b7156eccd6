package dev.cmbench.workload;

import java.util.List;

/** The checksum a batch must return: the sum of its tasks' checksums, in any order. */
public final class Checksums {

    private Checksums() {
    }

    /** Computes every task's checksum on the calling thread, skipping the sleeps. */
    public static long expected(List<? extends Task> tasks) {
        long sum = 0;
        for (Task task : tasks) {
            sum += task.compute();
        }
        return sum;
    }
}
