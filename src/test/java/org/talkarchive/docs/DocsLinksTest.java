package org.talkarchive.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md, CHANGELOG.md, CONTRIBUTING.md, SECURITY.md and docs/**.md names a file that
 * exists, and every {@code #anchor}
 * (in the page or in another Markdown file) names a heading there, by GitHub's slugs: lower case, punctuation
 * removed, spaces to '-', a repeated heading numbered {@code -1}, {@code -2}, … External links (with a scheme such
 * as {@code https:} or {@code mailto:}) are not followed. Links are read with commonmark-java (already the
 * descriptions' Markdown renderer), so text in code blocks and code spans is not mistaken for a link.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Parser PARSER = Parser.builder().build();

    @Test
    void everyRelativeLinkAndAnchorInTheDocumentationResolves() throws IOException {
        List<Path> pages = markdownPages();
        assertThat(pages).as("Markdown pages found").contains(ROOT.resolve("README.md"));

        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(page));
        }
        assertThat(broken).as("broken links (page: target -> why)").isEmpty();
    }

    @Test
    void aBrokenFileOrAnchorIsFound() throws IOException {
        Path dir = Files.createTempDirectory("docs-links");
        Path page = dir.resolve("page.md");
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Setting up: step 1 (`serve`)\n");
        Files.writeString(page, """
                # A page

                ## Two commands

                [fine](#two-commands) [fine](other.md#setting-up-step-1-serve) [fine](other.md)
                [external](https://example.org/none.md#nothing) `[code](missing.md)`

                [no such file](missing.md) [no such heading](#three-commands)
                [no such heading there](other.md#setting-up)
                """);
        assertThat(brokenLinks(page)).containsExactly(
                "page.md: missing.md -> no such file",
                "page.md: #three-commands -> no heading with that anchor",
                "page.md: other.md#setting-up -> no heading with that anchor");
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(slug("Two builds side by side: what the relevance work costs"))
                .isEqualTo("two-builds-side-by-side-what-the-relevance-work-costs");
        assertThat(slug("Signing in, sessions and CSRF")).isEqualTo("signing-in-sessions-and-csrf");
        assertThat(slug("One ranked list (search/HybridFusion)")).isEqualTo("one-ranked-list-searchhybridfusion");
        assertThat(slug("Tests: run_all + one")).isEqualTo("tests-run_all--one");
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>();
        for (String name : List.of("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md")) {
            Path file = ROOT.resolve(name);
            if (Files.isRegularFile(file)) {
                pages.add(file);
            }
        }
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    /** The links of one page that do not resolve, each as "page: target -> why". */
    private static List<String> brokenLinks(Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        for (String target : links(Files.readString(page))) {
            if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                continue; // http:, https:, mailto: …: not fetched
            }
            int hash = target.indexOf('#');
            String pathPart = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
            Path file = pathPart.isEmpty()
                    ? page
                    : page.getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
            String where = page.getFileName() + ": " + target + " -> ";
            if (!Files.exists(file)) {
                broken.add(where + "no such file");
            } else if (anchor != null) {
                if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
                    broken.add(where + "an anchor into a file that is not Markdown");
                } else if (!anchorsByFile.computeIfAbsent(file, DocsLinksTest::anchors).contains(anchor)) {
                    broken.add(where + "no heading with that anchor");
                }
            }
        }
        return broken;
    }

    /** The destinations of the page's links and images, in order. */
    private static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        PARSER.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                targets.add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                targets.add(image.getDestination());
                visitChildren(image);
            }
        });
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    private static Set<String> anchors(Path file) {
        String markdown;
        try {
            markdown = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        PARSER.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String base = slug(text(heading));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
        });
        return anchors;
    }

    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text t) {
                text.append(t.getLiteral());
            } else if (child instanceof Code c) {
                text.append(c.getLiteral());
            } else {
                text.append(text(child));
            }
        }
        return text.toString();
    }

    /** GitHub's heading slug: lower case, anything but letters, digits, '-', '_' and spaces removed, spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{Nd}\\p{Mn}\\p{Pc} -]", "")
                .replace(' ', '-');
    }
}
