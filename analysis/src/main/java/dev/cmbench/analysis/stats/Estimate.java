package dev.cmbench.analysis.stats;

/**
 * What the report says of one figure from its forks: the value a cell shows, the interval a
 * repeat run's mean should land in (between runs, where repeat pairs say how far runs move; else
 * within the run), the interval from this run's forks alone, and the fork that lies far from the
 * others, if one does.
 *
 * @param forks         the figure's fork values and their scale
 * @param centre        what the cell shows: the median of the fork values, so that one fork far
 *                      from the others cannot set it (three forks of 154.6, 54.3 and 52.7 ms gave a
 *                      mean of 87.2 ms and an efficiency of 57 %, where the repeat measured 93 %); a
 *                      latency percentile is that of every fork's tasks merged
 * @param interval      where a repeat run's mean should land: between runs where a between-run
 *                      component is known, else the same as {@code withinRun}
 * @param withinRun     the same from this run's forks alone
 * @param outlierFork   the index (in the order the forks ran) of a fork far from the others, -1 if none
 * @param medianCentre  whether {@code centre} is the median of the forks (not a merged percentile)
 */
public record Estimate(ForkSeries forks, double centre, ForkInterval interval, ForkInterval withinRun, int outlierFork,
        boolean medianCentre) {

    /** The mean of the forks on the interval's scale, in the metric's unit: the interval's centre. */
    public double mean() {
        return forks.mean();
    }

    /**
     * Whether the cell shows the forks' mean beside their median: where a fork lies far from the
     * others, or the median lies outside the interval (which is centred on the mean).
     */
    public boolean meanApart() {
        return medianCentre && (hasOutlier() || !interval.contains(centre));
    }

    public boolean hasOutlier() {
        return outlierFork >= 0;
    }

    /** The far fork's value, NaN if none. */
    public double outlierValue() {
        return hasOutlier() ? forks.values()[outlierFork] : Double.NaN;
    }
}
