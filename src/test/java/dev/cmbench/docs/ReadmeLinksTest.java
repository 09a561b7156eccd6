package dev.cmbench.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The three READMEs (the front page, the findings beside the runs, the analyzer's reference) link
 * to each other and into the tree; on GitHub a link to a moved file or a renamed heading fails
 * silently, so this test resolves every relative link as GitHub does: the path against the
 * file's own directory, the anchor against the headings of the file it names (lowercase, spaces
 * to '-', punctuation removed, a repeated heading numbered). And the front page stays short.
 */
class ReadmeLinksTest {

    static final List<Path> READMES = List.of(Path.of("README.md"), Path.of("results/README.md"),
            Path.of("analysis/README.md"));

    static final int FRONT_PAGE_LINES = 300;

    /** An inline link or image: [text](target) or ![alt](target), with an optional "title". */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    /** What GitHub removes from a heading to make its anchor: all but letters, marks, digits, '_', '-' and spaces. */
    private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{M}\\p{Nd}\\p{Nl}\\p{Pc}\\- ]");

    @Test
    void theFrontPageHasAtMost300Lines() throws IOException {
        long lines = Files.readAllLines(READMES.get(0)).size();
        assertTrue(lines <= FRONT_PAGE_LINES, "README.md has " + lines + " lines, more than " + FRONT_PAGE_LINES);
    }

    /** Anchors as GitHub makes them, from headings whose links on GitHub are known to work. */
    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("the-machines-floor", slug("The machine's floor"));
        assertEquals("ab-or-a-baseline", slug("A/B or a baseline"));
        assertEquals("what--pbench-writes-to-targetbench", slug("What `-Pbench` writes to `target/bench/`"));
        assertEquals("the-notes-questions-answered-for-the-jvm", slug("The notes' questions, answered for the JVM"));
        assertEquals(Set.of("findings", "findings-1"), anchors("## Findings\n```sh\n# not a heading\n```\n### Findings\n"));
    }

    @Test
    void everyRelativeLinkAmongTheReadmesPointsToAFileAndAHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path readme : READMES) {
            for (String target : links(Files.readString(readme))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: — not this repository's
                }
                checked++;
                broken.addAll(brokenLink(readme, target));
            }
        }
        assertTrue(checked > 50, "the READMEs link into each other and the tree: only " + checked + " links found");
        assertEquals(List.of(), broken, "links that point nowhere");
    }

    /** Why {@code target}, written in {@code readme}, points nowhere; empty when it resolves. */
    static List<String> brokenLink(Path readme, String target) throws IOException {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? readme : readme.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return List.of(readme + ": " + target + ": no file " + path);
        }
        if (anchor != null && !(Files.isRegularFile(file) && file.toString().endsWith(".md")
                && anchors(Files.readString(file)).contains(anchor))) {
            return List.of(readme + ": " + target + ": no heading #" + anchor + " in " + (path.isEmpty() ? readme : path));
        }
        return List.of();
    }

    /** Every inline link's target, outside fenced code, code spans and HTML comments (none of which GitHub links). */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown file (a '#' line in a code block is no heading). */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int times = seen.merge(slug, 1, Integer::sum);
                anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
            }
        }
        return anchors;
    }

    /** A heading's anchor: its text as rendered (a link's text, no code marks), lowercase, punctuation removed. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        return NOT_IN_ANCHOR.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    /** The lines of the Markdown outside fenced code blocks and HTML comments. */
    static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.replaceAll("(?s)<!--.*?-->", "").split("\n")) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }
}
