package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.JmhResult;
import dev.cmbench.analysis.read.Metric;
import dev.cmbench.analysis.stats.Estimate;
import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One row per result, every param a column, every secondary metric a value column and a unit
 * column (RFC 4180 quoting), numbers in JMH's own unit. {@code score}, {@code scoreError} and
 * {@code relativeError} are JMH's as JMH wrote them; {@code centre} is what the report shows (the
 * median of the fork values), {@code low} and {@code high} the report's interval ({@link ForkInterval}:
 * between runs where repeat pairs were given), {@code lowWithinRun} and {@code highWithinRun} the
 * interval from this run's forks alone, all empty with one fork; {@code farFork} the far fork's
 * number (1-based), {@code floorWakeUpMicros} the cross-core wake-up this result's own forks
 * measured (their median, each fork's in {@code floorWakeUpMicrosForks}); each secondary metric has
 * its own {@code :low} and {@code :high}.
 */
public final class CsvRenderer {

    private CsvRenderer() {
    }

    public static String render(Report report) {
        TreeSet<String> paramNames = new TreeSet<>();
        report.results().forEach(r -> paramNames.addAll(r.params().keySet()));
        LinkedHashSet<String> secondaryNames = new LinkedHashSet<>();
        report.results().forEach(r -> secondaryNames.addAll(r.secondary().keySet()));
        List<String> header = new ArrayList<>(List.of("file", "benchmark", "mode", "threads", "forks"));
        paramNames.forEach(p -> header.add("param:" + p));
        header.addAll(List.of("score", "scoreError", "unit", "relativeError", "centre", "low", "high", "lowWithinRun",
                "highWithinRun", "farFork", "status", "efficiency", "wakeUps", "floorWakeUpMicros", "floorWakeUpMicrosForks",
                "latencyP50Nanos", "latencyP99Nanos", "latencyP999Nanos"));
        secondaryNames.forEach(name -> header.addAll(List.of("secondary:" + name, "secondary:" + name + ":unit",
                "secondary:" + name + ":low", "secondary:" + name + ":high")));
        StringBuilder csv = new StringBuilder();
        line(csv, header);
        var latency = new IdentityHashMap<JmhResult, Report.LatencyRow>();
        report.latency().forEach(g -> g.rows().forEach(l -> latency.put(l.result(), l)));
        for (JmhResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(r.source(), r.benchmark(), r.mode(), Integer.toString(r.threads()),
                    Integer.toString(r.forks())));
            paramNames.forEach(p -> row.add(r.params().getOrDefault(p, "")));
            Metric m = r.primary();
            Report.LatencyRow l = latency.get(r);
            Double efficiency = report.efficiency().get(r);
            Double wakeUps = report.wakeUps().get(r);
            Double floor = report.wakeUpMicros().get(r);
            Estimate e = report.estimates().get(m);
            row.addAll(List.of(number(m.score()), number(m.error()), m.unit().text(),
                    m.scoreIsFinite() && m.errorKnown() ? number(m.relativeError()) : "",
                    e == null ? "" : number(e.centre()), e == null ? "" : number(e.interval().low()),
                    e == null ? "" : number(e.interval().high()), e == null ? "" : number(e.withinRun().low()),
                    e == null ? "" : number(e.withinRun().high()),
                    e == null || !e.hasOutlier() ? "" : Integer.toString(e.outlierFork() + 1),
                    r.failed() ? "failed" : "ok", efficiency == null ? "" : number(efficiency),
                    wakeUps == null ? "" : number(wakeUps), floor == null ? "" : number(floor),
                    floor == null ? "" : forkFloors(report, r), l == null ? "" : number(l.at(50.0)),
                    l == null ? "" : number(l.at(99.0)), l == null ? "" : number(l.at(99.9))));
            for (String name : secondaryNames) {
                Metric secondary = r.secondary().get(name);
                row.add(secondary == null ? "" : number(secondary.score()));
                row.add(secondary == null ? "" : secondary.unit().text());
                Estimate se = secondary == null ? null : report.estimates().get(secondary);
                row.add(se == null ? "" : number(se.interval().low()));
                row.add(se == null ? "" : number(se.interval().high()));
            }
            line(csv, row);
        }
        return csv.toString();
    }

    /** "24.7;27.5;30.9": each fork's cross-core wake-up, in the order the forks ran. */
    private static String forkFloors(Report report, JmhResult r) {
        return Arrays.stream(report.forkFloorsMicros().getOrDefault(r, new double[0])).mapToObj(CsvRenderer::number)
                .collect(Collectors.joining(";"));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%s", value);
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                csv.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(f);
            }
        }
        csv.append("\r\n");
    }
}
