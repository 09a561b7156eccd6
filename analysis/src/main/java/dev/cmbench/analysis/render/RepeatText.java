package dev.cmbench.analysis.render;

import dev.cmbench.analysis.read.ScoreUnit;
import dev.cmbench.analysis.stats.ForkInterval;
import dev.cmbench.analysis.stats.RepeatCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words of a {@link RepeatCheck}, shared by every format; escaping is the renderer's job. */
public final class RepeatText {

    static final List<String> MISS_HEADER = List.of("figure", "this run [interval]", "second run", "second / this");

    private RepeatText() {
    }

    /**
     * "A second run of the same code (repeat/jmh.json) lands inside this run's interval on 111 of
     * 116 figures (95.7 %)." and what could not be checked.
     */
    public static String sentence(RepeatCheck check) {
        StringBuilder text = new StringBuilder("A second run of the same code (").append(check.repeatSource())
                .append(") lands inside this run's ").append(check.betweenRuns() ? "between-run " : "")
                .append("interval on ").append(check.inside()).append(" of ").append(check.checked()).append(" figures");
        text.append(Double.isFinite(check.share()) ? " (" + percent(check.share()) + ")" : "");
        if (check.betweenRuns()) {
            text.append(", inside the interval from this run's forks alone on ").append(check.insideWithinRun())
                    .append(Double.isFinite(check.shareWithinRun()) ? " (" + percent(check.shareWithinRun()) + ")" : "");
        }
        text.append(". The interval claims ").append(Math.round(ForkInterval.CONFIDENCE * 100)).append(" %.");
        if (check.withoutInterval() > 0) {
            text.append(' ').append(count(check.withoutInterval()))
                    .append(" no interval to check (fewer than two forks, or a score that is not their mean).");
        }
        if (!check.differences().isEmpty()) {
            text.append(" The two runs differ, so the second is not a repeat of the same work: ")
                    .append(String.join("; ", check.differences())).append('.');
        }
        if (!check.machines().isEmpty()) {
            text.append(" The machine, this run against the second, as each measured it: ")
                    .append(String.join("; ", check.machines())).append('.');
        }
        if (check.notRepeated() > 0) {
            text.append(' ').append(count(check.notRepeated())).append(" no counterpart in the second run (missing, "
                    + "failed or in another unit).");
        }
        return text.toString();
    }

    /** A row per figure the second run missed: its label, this run's score and interval, the second's, the factor. */
    static List<List<String>> missRows(RepeatCheck check) {
        List<List<String>> rows = new ArrayList<>();
        for (RepeatCheck.Miss miss : check.misses()) {
            ScoreUnit unit = miss.unit();
            ScoreUnit.Shown shown = unit.shown(miss.estimate().centre()); // both runs' figures in one unit
            rows.add(List.of(miss.label(), unit.format(miss.estimate().centre(), miss.estimate().interval(), shown),
                    unit.format(miss.repeatValue(), shown), "×" + ScoreUnit.number(miss.ratio())));
        }
        return rows;
    }

    private static String count(int figures) {
        return figures + (figures == 1 ? " figure has" : " figures have");
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }
}
