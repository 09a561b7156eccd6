package dev.cmbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmbench.analysis.Fixtures;
import dev.cmbench.analysis.RealFiles;
import dev.cmbench.analysis.stats.ReportTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Other projects' JMH files, as a new user would try them: JMH before 1.19 to 1.37, every mode,
 * {@code @Group}, the gc and perfasm profilers, ops/min, a run inside JMH's own JVM, two classes
 * of one simple name, and a file committed with git conflict markers.
 */
class RealWorldFilesTest {

    @TempDir
    Path dir;

    static Stream<Path> files() {
        return RealFiles.files().stream();
    }

    @Test
    void theDirectoryHoldsEveryFileSourcesMdLists() {
        assertEquals(RealFiles.COUNT, RealFiles.files().size(), RealFiles.files().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyFileReportsInEveryFormatAndComparesWithItself(Path file) throws IOException {
        Path out = dir.resolve("out");
        Fixtures.Run report = Fixtures.analyzer("report", "--format", "all", "--out", out.toString(), file.toString());
        Fixtures.Run compare = Fixtures.analyzer("compare", file.toString(), file.toString());

        if (Files.readString(file, StandardCharsets.ISO_8859_1).contains("<<<<<<<")) {
            for (Fixtures.Run run : List.of(report, compare)) {
                assertEquals(Analyzer.BAD_INPUT, run.exitCode(), run.err());
                assertTrue(run.err().strip().lines().count() <= 3, run.err());
                assertTrue(run.err().contains(file.toString()) && run.err().contains("is not valid JSON"), run.err());
                assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
            }
            assertFalse(Files.exists(out));
            return;
        }
        assertEquals(0, report.exitCode(), report.err());
        assertEquals("", report.err(), "no warning: nothing in these files failed");
        assertEquals(0, compare.exitCode(), compare.err() + compare.out());
        String md = Files.readString(out.resolve("report.md"));
        ReportTest.assertTablesLineUp(md);
        assertOneUnitPerTable(md);
        assertFalse(md.contains("failed ("), "nothing in these files failed: " + md);
        assertFalse(md.contains("-Dbench") || md.contains("-Pbench"), "nothing of this suite is suggested for a foreign file");
        for (String line : md.lines().filter(l -> l.contains("no clear winner")).toList()) {
            assertTrue(line.contains("overlapping intervals"), "'no clear winner' only where intervals overlap: " + line);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.strip().endsWith("</html>"));
        assertEquals(ReportTest.count(html, "<svg"), ReportTest.count(html, "</svg>"));
        assertTrue(Files.readString(out.resolve("report.csv")).lines().count() > 1);
    }

    /**
     * A @Group's methods are columns of one table (here each group's methods carry its name:
     * ArrayListAdd, ArrayListGet), not a table each with one row filled; its thread count, fixed
     * by the group, names the row.
     */
    @Test
    void aGroupIsOneTableWithItsMethodsAsColumns() throws IOException {
        Path out = dir.resolve("group");
        Fixtures.Run run = Fixtures.analyzer("report", "--format", "all", "--out", out.toString(),
                RealFiles.file("chrisgleissner").toString());
        assertEquals(0, run.exitCode(), run.err());
        String md = Files.readString(out.resolve("report.md"));
        String group = section(md, "## ConcCollectionBenchmark · thrpt\n");
        assertTrue(group.contains("| method | score | Add | Get | Remove |"), group);
        assertTrue(group.contains("| ArrayList (threads=13) |") && group.contains("| Vector (threads=14) |"), group);
        assertFalse(md.contains("ArrayListAdd") || md.contains("· ArrayBlockingQueueGet"), "no table per group method");
        long bytes = Files.size(out.resolve("report.html"));
        assertTrue(bytes < 400_000, "the page was 805 KB with a table and a chart per group method: " + bytes);
    }

    /** Sample mode's per-method percentiles (newHasher·p0.50 …) are the latency table, not 32 tables. */
    @Test
    void perMethodPercentilesAreOneLatencyTable() {
        Fixtures.Run run = Fixtures.analyzer("report", RealFiles.file("kcrypt").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("·p0."), "no table nor column per percentile: " + run.out());
        String latency = section(run.out(), "## Latency · Blake3Benchmark · sample\n");
        assertTrue(latency.contains("| newHasher · dataLen=16384, hashLen=256 |"), latency);
        assertEquals(12, latency.lines().filter(l -> l.startsWith("| newHasher") || l.startsWith("| reusedHaser")).count(),
                "a row per method and params: " + latency);
    }

    /** perfasm's asm is text (unit ---, NaN everywhere): said once, never shown as a failure. */
    @Test
    void aProfilersTextIsLeftOutAndSaidOnce() {
        Fixtures.Run run = Fixtures.analyzer("report", RealFiles.file("mariofusco").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, ReportTest.count(run.out(), "asm is a profiler's textual result"), run.out());
        assertFalse(run.out().contains("failed (") || run.out().contains("· asm"), run.out());
    }

    /** ojAlgo compares libraries at matrix sizes: the rows are the libraries, the sizes the columns. */
    @Test
    void theRowsAreTheImplementationsNotTheSizes() {
        Fixtures.Run run = Fixtures.analyzer("report", RealFiles.file("optimatika").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("| lib | dim=100 | dim=150 |"), run.out());
        assertTrue(run.out().contains("(dim=100): lib=MTJ is fastest"), run.out());
        Fixtures.Run sizesOnly = Fixtures.analyzer("report", RealFiles.file("Netflix").toString());
        assertFalse(sizesOnly.out().contains("## Summary"), "no leader among sizes: " + sizesOnly.out());
    }

    @Test
    void twoClassesOfOneSimpleNameKeepTheirPackages() {
        Fixtures.Run run = Fixtures.analyzer("report", RealFiles.file("twineworks").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("## constshapemap.BigMapReadBenchmark · avgt")
                && run.out().contains("## shapemap.BigMapReadBenchmark · avgt"), run.out());
    }

    /** forks: 0 ran inside JMH's JVM: neither one fork nor a suite option. */
    @Test
    void aRunInsideJmhsJvmIsNotCalledOneFork() {
        Fixtures.Run run = Fixtures.analyzer("report", RealFiles.file("gpanther").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Every result ran inside JMH's own JVM (forks: 0): no interval between JVMs; "
                + "run with -f 3 for intervals."), run.out());
        assertFalse(run.out().contains("one fork"), run.out());
    }

    /** The Markdown section that starts with {@code heading}, up to the next. */
    private static String section(String md, String heading) {
        int start = md.indexOf(heading);
        assertTrue(start >= 0, heading + " not in " + md);
        int end = md.indexOf("\n## ", start + heading.length());
        return md.substring(start, end < 0 ? md.length() : end);
    }

    private static final Pattern SCORE = Pattern.compile("^-?[0-9][0-9.]*(?:[eE]-?[0-9]+)? (\\S+)");

    /** No table mixes units: every score of a table (but the environment's) is in one unit. */
    static void assertOneUnitPerTable(String md) {
        List<List<String>> table = new ArrayList<>();
        for (String line : (md + "\n").lines().toList()) {
            if (line.startsWith("|")) {
                table.add(List.of(line.replace("\\|", "").split("\\|")));
                continue;
            }
            if (table.size() > 2 && !table.get(0).get(1).isBlank()) {
                Set<String> units = new LinkedHashSet<>();
                for (List<String> row : table.subList(2, table.size())) {
                    for (String cell : row.subList(2, row.size())) {
                        Matcher m = SCORE.matcher(cell.strip());
                        if (m.find()) {
                            units.add(m.group(1));
                        }
                    }
                }
                assertTrue(units.size() <= 1, "one unit per table, not " + units + ": " + table);
            }
            table.clear();
        }
    }
}
