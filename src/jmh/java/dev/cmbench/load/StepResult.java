package dev.cmbench.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What the generator saw in one load step: requests sent at a constant rate for the step's length,
 * their replies, and each reply's latency from the request's intended send time.
 *
 * @param offeredRate       requests per second the schedule asked for
 * @param lengthNanos       how long the schedule sent
 * @param sent              requests the schedule sent (rate × length)
 * @param answered          replies received by the end of the drain
 * @param answeredInWindow  replies received while the schedule was sending: the achieved rate's numerator
 * @param timeouts          requests with no reply by the end of the drain; each is in {@code latency}
 *                          at the time it had waited by then, a lower bound of its latency
 * @param errors            replies that were wrong: a bad checksum, a repeated or skipped request,
 *                          a connection the server closed
 * @param firstError        what the first error was, or empty
 * @param lateFromEarlier   replies to an earlier step's requests, received during this one
 * @param sendLagP99Nanos   the 99th percentile of how late the generator itself sent a request
 * @param generatorCpuNanos the generator process's CPU time over the step and its drain
 * @param latency           every request's latency from its intended send time (ns)
 */
public record StepResult(double offeredRate, long lengthNanos, long sent, long answered, long answeredInWindow,
        long timeouts, long errors, String firstError, long lateFromEarlier, long sendLagP99Nanos,
        long generatorCpuNanos, Histogram latency) {

    /**
     * A step whose generator sent 1 % of its requests more than this late fell behind its own
     * schedule: its latencies are the machine's, not the server's.
     */
    public static final Duration BEHIND_SCHEDULE = Duration.ofMillis(1);

    /** Replies per second received while the schedule was sending. */
    public double achievedRate() {
        return answeredInWindow / (lengthNanos / 1e9);
    }

    /** True when the generator could not keep its own schedule (see {@link #BEHIND_SCHEDULE}). */
    public boolean generatorBehind() {
        return sendLagP99Nanos > BEHIND_SCHEDULE.toNanos();
    }

    /** One line: the counts, then the latency histogram (compressed, Base64), then the first error. */
    String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
        int length = latency.encodeIntoCompressedByteBuffer(buffer);
        String histogram = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        return String.join(" ", Double.toString(offeredRate), Long.toString(lengthNanos), Long.toString(sent),
                Long.toString(answered), Long.toString(answeredInWindow), Long.toString(timeouts),
                Long.toString(errors), Long.toString(lateFromEarlier), Long.toString(sendLagP99Nanos),
                Long.toString(generatorCpuNanos), histogram, firstError).strip();
    }

    static StepResult decode(String line) {
        String[] f = line.split(" ", 12);
        if (f.length < 11) {
            throw new IllegalArgumentException("not a step result: '" + line + "'");
        }
        try {
            Histogram latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(f[10])), 0);
            return new StepResult(Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                    f.length > 11 ? f[11] : "", Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), latency);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a step result (" + e.getMessage() + "): '" + line + "'");
        }
    }
}
