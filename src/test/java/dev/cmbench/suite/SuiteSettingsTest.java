package dev.cmbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.bench.BatchBenchmark;
import dev.cmbench.bench.LockBenchmark;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

class SuiteSettingsTest {

    private static Options told(SuiteSettings settings, String benchmark, Mode mode, String... jmhArgs) throws Exception {
        CommandLineOptions user = new CommandLineOptions(jmhArgs);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(user);
        settings.apply(user, options, benchmark, mode);
        return options.build();
    }

    private static long warmUp(Options options) {
        return options.getWarmupIterations().get() * options.getWarmupTime().get().convertTo(TimeUnit.MILLISECONDS);
    }

    @Test
    void anAbRunUnderQuickSettingsMeasuresLessPerForkButWarmsUpNoLessInTwoIterationsAndMeasuresFourForAMedian()
            throws Exception {
        String batch = BatchBenchmark.class.getName() + ".makespan";
        Options quick = told(SuiteSettings.QUICK, batch, Mode.AverageTime);
        Options paired = told(SuiteSettings.QUICK.forPairs(true), batch, Mode.AverageTime);

        assertEquals(SuiteSettings.PAIRED, SuiteSettings.QUICK.forPairs(true));
        assertTrue(warmUp(paired) >= warmUp(quick), "a warm-up as long or longer");
        assertEquals(5, quick.getMeasurementIterations().get());
        assertEquals(2, paired.getWarmupIterations().get(), "the first iteration boundary falls in the warm-up");
        assertEquals(4, paired.getMeasurementIterations().get(), "four for a fork's median");
        Options lock = told(SuiteSettings.PAIRED, LockBenchmark.class.getName() + ".round", Mode.AverageTime);
        assertEquals(2, lock.getWarmupIterations().get());
        assertEquals(4, lock.getMeasurementIterations().get());
    }

    @Test
    void fullSettingsStayTheAnnotationsInAnAbRunAndTheUsersOptionsWinOverAnyPlan() throws Exception {
        assertEquals(SuiteSettings.FULL, SuiteSettings.FULL.forPairs(true));
        assertEquals(SuiteSettings.QUICK, SuiteSettings.QUICK.forPairs(false));
        Options full = told(SuiteSettings.FULL, BatchBenchmark.class.getName() + ".makespan", Mode.AverageTime);
        assertFalse(full.getMeasurementIterations().hasValue(), "full leaves the annotation's iterations");

        Options user = told(SuiteSettings.PAIRED, BatchBenchmark.class.getName() + ".makespan", Mode.AverageTime,
                "-i", "3", "-r", "50ms");
        assertEquals(3, user.getMeasurementIterations().get());
        assertEquals(TimeValue.milliseconds(50), user.getMeasurementTime().get());
    }
}
