package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.LoadSweep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The words and tables of a {@link LoadSweep}, the same in Markdown and HTML. */
public final class LoadText {

    static final List<String> CAPACITY_HEADER = List.of("kind", "highest rate within the SLO", "p99 there",
            "server CPU there", "harness CPU there", "next rate");

    private LoadText() {
    }

    static String title(LoadSweep sweep) {
        return "Under load · " + LoadChart.fixed(sweep);
    }

    /** What the section shows and what it holds the kinds against. */
    static String legend(LoadSweep sweep) {
        String slo = sweep.sloMillis().isPresent()
                ? "SLO: p99 within " + LoadChart.millis(sweep.sloMillis().getAsDouble())
                : "no SLO: env.json does not say how long the workload sleeps; give one with --slo";
        return sweep.title() + ". Each step: requests at a constant rate over persistent connections, latency from each "
                + "request's intended send time (no coordinated omission). " + slo + ". A kind's capacity is the highest "
                + "rate that it, and every rate below it, served within the SLO with no time-out; CPU is per request, "
                + "the server's JVM (or JVMs) beside the harness's generator and backend together.";
    }

    /** One row per kind: its capacity within the SLO, what the step there cost, and what the next rate did. */
    static List<List<String>> capacityRows(LoadSweep sweep) {
        List<List<String>> rows = new ArrayList<>();
        if (sweep.sloMillis().isEmpty()) {
            return rows;
        }
        for (LoadSweep.Curve curve : sweep.curves()) {
            LoadSweep.Capacity capacity = curve.capacity(sweep.sloMillis().getAsDouble());
            Optional<LoadSweep.Point> at = capacity.highestWithin();
            rows.add(List.of(curve.label(),
                    at.map(p -> (capacity.stoppedByHarness() ? "≥ " : "") + p.offeredRate() + "/s").orElse(
                            capacity.firstBeyond().map(p -> "below " + p.offeredRate() + "/s").orElse("—")),
                    at.map(p -> LoadChart.millis(p.p99Millis())).orElse("—"),
                    at.map(p -> micros(p.serverCpuMicros())).orElse("—"),
                    at.map(p -> micros(p.harnessCpuMicros())).orElse("—"),
                    capacity.firstBeyond().map(LoadText::beyond).orElse("none tried")));
        }
        return rows;
    }

    private static String beyond(LoadSweep.Point p) {
        String what = p.offeredRate() + "/s: p99 " + (p.timeouts() > 0 ? "≥ " : "") + LoadChart.millis(p.p99Millis())
                + ", achieved " + LoadChart.rate(p.achievedRate()) + "/s";
        return p.harnessBound() ? what + " (generator behind: not the server's alone)" : what;
    }

    /** One line for a console: each kind's capacity within the SLO; empty without an SLO. */
    public static Optional<String> capacityLine(LoadSweep sweep) {
        if (sweep.sloMillis().isEmpty()) {
            return Optional.empty();
        }
        List<String> kinds = capacityRows(sweep).stream().map(row -> row.get(0) + " " + row.get(1)).toList();
        return Optional.of(title(sweep) + ": the highest rate with p99 within " + LoadChart.millis(
                sweep.sloMillis().getAsDouble()) + ": " + String.join(", ", kinds));
    }

    /** The detail: a row per kind, a column per offered rate, each cell the p99 and the rate achieved. */
    static List<String> detailHeader(LoadSweep sweep) {
        List<String> header = new ArrayList<>(List.of("kind"));
        rates(sweep).forEach(r -> header.add(r + "/s"));
        return header;
    }

    static List<List<String>> detailRows(LoadSweep sweep) {
        List<Integer> rates = rates(sweep);
        List<List<String>> rows = new ArrayList<>();
        for (LoadSweep.Curve curve : sweep.curves()) {
            List<String> row = new ArrayList<>(List.of(curve.label()));
            for (int rate : rates) {
                row.add(curve.points().stream().filter(p -> p.offeredRate() == rate).findFirst().map(p ->
                        (p.timeouts() > 0 ? "≥ " : "") + LoadChart.millis(p.p99Millis()) + " · "
                                + LoadChart.rate(p.achievedRate()) + "/s · " + micros(p.serverCpuMicros())
                                + (p.harnessBound() ? " †" : "")).orElse("—"));
            }
            rows.add(row);
        }
        return rows;
    }

    static String detailLegend() {
        return "Each cell: p99 · rate achieved · server CPU per request; ≥: requests timed out, the p99 is a lower bound; "
                + "†: the generator's own lateness was a large part of the latency.";
    }

    /**
     * The harness against the cheapest server, at the cheapest server's capacity step: how much of
     * the two shared cores the load generator and the backend took per request.
     */
    static Optional<String> harnessShare(LoadSweep sweep) {
        if (sweep.sloMillis().isEmpty()) {
            return Optional.empty();
        }
        double slo = sweep.sloMillis().getAsDouble();
        record At(String kind, LoadSweep.Point point) {
        }
        return sweep.curves().stream().flatMap(c -> c.capacity(slo).highestWithin().map(p -> new At(c.label(), p)).stream())
                .filter(a -> Double.isFinite(a.point().serverCpuMicros()) && Double.isFinite(a.point().harnessCpuMicros()))
                .min(Comparator.comparingDouble(a -> a.point().serverCpuMicros())).map(a -> {
                    double ratio = a.point().harnessCpuMicros() / a.point().serverCpuMicros();
                    return "The harness (generator and backend) took " + micros(a.point().harnessCpuMicros())
                            + " of CPU per request beside the cheapest server, " + a.kind() + " at "
                            + a.point().offeredRate() + "/s (" + micros(a.point().serverCpuMicros()) + "): "
                            + ScoreUnit.number(ratio) + "× the server's"
                            + (ratio > 1.0 / 3 ? ", more than the third a harness should take: on loopback, generating and "
                            + "answering a request costs about as many system calls as serving it, and the harness's "
                            + "CPU comes out of the same two cores." : ".");
                });
    }

    private static List<Integer> rates(LoadSweep sweep) {
        return sweep.curves().stream().flatMap(c -> c.points().stream()).map(LoadSweep.Point::offeredRate).distinct()
                .sorted().toList();
    }

    private static String micros(double micros) {
        return Double.isFinite(micros) ? ScoreUnit.number(micros) + " µs" : "—";
    }
}
