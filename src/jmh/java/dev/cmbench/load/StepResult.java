package dev.cmbench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What the generator saw in one load step: requests sent at a constant rate for the step's length,
 * their replies, and each reply's latency from the request's intended send time.
 *
 * @param offeredRate       requests per second the schedule asked for
 * @param lengthNanos       how long the schedule sent
 * @param sent              requests the schedule sent (rate × length)
 * @param answered          replies to this step's requests received by the end of the drain
 * @param timeouts          this step's requests with no reply by the end of the drain; each is in
 *                          {@code latency} at the time it had waited by then, a lower bound of its latency
 * @param errors            replies that were wrong: a bad checksum, a repeated or skipped request,
 *                          a connection the server closed
 * @param firstError        what the first error was, or empty
 * @param lateFromEarlier   replies to an earlier step's requests, received during this one: a server
 *                          that fell behind in the warm-up works off its backlog in the next step
 * @param repliesInWindow   replies of any step received while the schedule was sending: the
 *                          achieved rate's numerator, what the server delivered under this load
 * @param replies           replies of any step received from the step's start to the end of its drain:
 *                          the requests the server's CPU in that time went to
 * @param sendLagP99Nanos   the 99th percentile of how late the generator itself sent a request
 * @param generatorCpuNanos the generator process's CPU time over the step and its drain
 * @param latency           every request's latency from its intended send time (ns)
 */
public record StepResult(double offeredRate, long lengthNanos, long sent, long answered, long timeouts, long errors,
        String firstError, long lateFromEarlier, long repliesInWindow, long replies, long sendLagP99Nanos,
        long generatorCpuNanos, Histogram latency) {

    /**
     * A step in which the generator's own lateness is more than this share of the latency it
     * reported, at the 99th percentile, measured the harness as much as the server.
     */
    public static final double BEHIND_SHARE = 0.25;

    /** Replies per second received while the schedule was sending (those to an earlier step's requests included). */
    public double achievedRate() {
        return repliesInWindow / (lengthNanos / 1e9);
    }

    /**
     * True when the generator fell behind its own schedule so far that its lateness is a large part
     * of the latency it measured ({@link #BEHIND_SHARE} at the 99th percentile): such a step's latency
     * is not the server's alone. On two shared cores the generator's threads wait for a CPU like the
     * server's; a lateness of a few milliseconds beside a 100 ms latency does not change what it says.
     */
    public boolean generatorBehind() {
        return sendLagP99Nanos > BEHIND_SHARE * latency.getValueAtPercentile(99);
    }

    /** One line: the counts, then the latency histogram (compressed, Base64), then the first error. */
    String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
        int length = latency.encodeIntoCompressedByteBuffer(buffer);
        String histogram = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        return Stream.of(offeredRate, lengthNanos, sent, answered, timeouts, errors, lateFromEarlier, repliesInWindow,
                        replies, sendLagP99Nanos, generatorCpuNanos, histogram, firstError)
                .map(String::valueOf).collect(Collectors.joining(" ")).strip();
    }

    static StepResult decode(String line) {
        String[] f = line.split(" ", 13);
        if (f.length < 12) {
            throw new IllegalArgumentException("not a step result: '" + line + "'");
        }
        try {
            Histogram latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(f[11])), 0);
            return new StepResult(Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), f.length > 12 ? f[12] : "", Long.parseLong(f[6]),
                    Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]), latency);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a step result (" + e.getMessage() + "): '" + line + "'");
        }
    }
}
