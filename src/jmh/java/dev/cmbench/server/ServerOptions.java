package dev.cmbench.server;

import dev.cmbench.workload.ComputeChain;
import java.net.InetSocketAddress;

/**
 * What every server kind is given: the backend to call, the compute to run on each answer, and,
 * for the kinds that have one, the size of their pool (threads, event loops or worker processes).
 *
 * @param backend      the backend's address
 * @param computeUnits {@link ComputeChain} units a request computes on the backend's answer
 * @param poolSize     threads of a pool, loops, or worker processes; at least 1
 */
public record ServerOptions(InetSocketAddress backend, long computeUnits, int poolSize) {

    public ServerOptions {
        if (computeUnits < 0 || poolSize < 1) {
            throw new IllegalArgumentException("computeUnits must be >= 0 and poolSize >= 1, got " + computeUnits
                    + " and " + poolSize);
        }
    }

    /** The reply's payload: the workload's compute run on the backend's answer. */
    public long checksum(long backendAnswer) {
        return ComputeChain.run(backendAnswer, computeUnits);
    }
}
