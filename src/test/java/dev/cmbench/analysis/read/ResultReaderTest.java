package dev.cmbench.analysis.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.analysis.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real JMH output of every mode and shape reads into what JMH meant. */
class ResultReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"modes-1.37.json", "params-1.37.json", "aux-group-1.37.json", "gc-1.37.json",
            "old-gc-aux-1.21.json", "nan-1.37.json", "suite-families-1.37.json"})
    void everyFixtureReadsWithScoresUnitsAndRawData(String name) throws Exception {
        List<JmhResult> results = ResultReader.read(Fixtures.path(name));
        assertFalse(results.isEmpty());
        for (JmhResult r : results) {
            assertTrue(r.primary().scoreIsFinite(), r.key() + " score");
            assertTrue(r.primary().unit().isTime(), r.key() + " unit");
            assertFalse(r.primary().forks().isEmpty(), r.key() + " raw data");
        }
    }

    @Test
    void everyModeIsRead() throws Exception {
        List<JmhResult> results = ResultReader.read(Fixtures.path("modes-1.37.json"));
        assertEquals(List.of("thrpt", "avgt", "sample", "ss"), results.stream().map(JmhResult::mode).distinct().toList());
        JmhResult thrpt = results.stream().filter(r -> r.method().equals("measureThroughput")).findFirst().orElseThrow();
        assertEquals("ops/s", thrpt.primary().unit().text());
        assertFalse(thrpt.primary().unit().lowerIsBetter());
        JmhResult ss = results.stream().filter(r -> r.method().equals("measureSingleShot")).findFirst().orElseThrow();
        assertEquals(2, ss.primary().forks().size());
        assertEquals(3, ss.primary().forks().get(0).length);
    }

    @Test
    void sampleModeIterationsAreTheMeansOfTheirHistograms() throws Exception {
        JmhResult sample = ResultReader.read(Fixtures.path("modes-1.37.json")).stream()
                .filter(r -> r.method().equals("measureSamples")).findFirst().orElseThrow();
        assertEquals("sample", sample.mode());
        assertEquals(2, sample.primary().forks().size(), "forks");
        double grandMean = sample.primary().forks().stream().flatMapToDouble(Arrays::stream).average()
                .orElseThrow();
        // each iteration here is a few 100 ms samples: their mean is close to JMH's score
        assertEquals(sample.primary().score(), grandMean, sample.primary().score() * 0.01);
        assertTrue(sample.primary().percentiles().containsKey(99.9));
    }

    @Test
    void paramsAreSortedAndPartOfTheKey() throws Exception {
        List<JmhResult> results = ResultReader.read(Fixtures.path("params-1.37.json"));
        assertEquals(35, results.size());
        assertEquals(List.of("arg", "certainty"), List.copyOf(results.get(0).params().keySet()));
        assertEquals(35, results.stream().map(JmhResult::key).distinct().count());
    }

    @Test
    void secondaryMetricsOfProfilersAuxCountersAndGroupsAreRead() throws Exception {
        Map<String, Metric> gc = ResultReader.read(Fixtures.path("gc-1.37.json")).get(0).secondary();
        assertTrue(gc.containsKey("gc.alloc.rate.norm"), gc.keySet().toString());
        assertEquals("B/op", gc.get("gc.alloc.rate.norm").unit().text());
        List<JmhResult> aux = ResultReader.read(Fixtures.path("aux-group-1.37.json"));
        assertTrue(aux.get(0).secondary().containsKey("wows"));
        JmhResult group = aux.stream().filter(r -> r.method().equals("g")).findFirst().orElseThrow();
        assertEquals(List.of("get", "inc"), List.copyOf(group.secondary().keySet()));
    }

    @Test
    void theDotPrefixOfOldJmhIsDropped() throws Exception {
        JmhResult old = ResultReader.read(Fixtures.path("old-gc-aux-1.21.json")).get(0);
        assertTrue(old.secondary().containsKey("gc.alloc.rate.norm"), old.secondary().keySet().toString());
        assertTrue(old.secondary().keySet().stream().noneMatch(k -> k.startsWith("\u00b7")));
    }

    @Test
    void aNaNErrorIsAScoreWithoutError() throws Exception {
        JmhResult one = ResultReader.read(Fixtures.path("nan-1.37.json")).get(0);
        assertTrue(one.primary().scoreIsFinite());
        assertFalse(one.primary().errorKnown());
    }
}
