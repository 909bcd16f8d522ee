package org.talkarchive.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.Encoding;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Renders the reStructuredText (or plain text) of talk descriptions to safe HTML and to plain text for search.
 *
 * <p>It covers what the corpus uses: paragraphs, bullet and numbered lists, literal blocks after "::", inline
 * emphasis, strong, literals, named links {@code `text <url>`_} and bare URLs. Text is text: {@code vector<T>} or
 * {@code `<script>`} in a description is shown as written. Some descriptions hold HTML instead (a paragraph with
 * HTML elements, or a {@code .. raw:: html} directive): such a paragraph keeps the formatting the allowlist permits,
 * raw directives give their text only. Every piece of HTML produced passes the OWASP sanitizer's allowlist
 * ({@link #MARKUP}) on its way out, so nothing else can reach a page.
 *
 * <p>A description written in Markdown (it uses Markdown's links {@code [text](url)}, headings or code fences, which
 * reStructuredText does not have) is rendered by commonmark-java instead, with its raw HTML escaped, then passes
 * the same allowlist. Plain text whose lines were broken by hand (a line of a paragraph ends well short of a
 * wrapped line's length) keeps its line breaks; hard-wrapped paragraphs are joined, as reStructuredText does.
 */
public final class RestructuredText {

    public record Rendered(String html, String text) {
    }

    /** What a description may show: formatting, lists, code, and links to the web that search engines ignore. */
    private static final PolicyFactory MARKUP = new HtmlPolicyBuilder()
            .allowElements("p", "ul", "ol", "li", "pre", "code", "strong", "em", "b", "i", "del", "br", "blockquote")
            .allowElements("a").allowAttributes("href").onElements("a").allowUrlProtocols("http", "https")
            .requireRelsOnLinks("nofollow", "noopener")
            .toFactory();
    /** Text only: for search, and for raw HTML directives whose markup would not survive on its own. */
    private static final PolicyFactory TEXT_ONLY = new HtmlPolicyBuilder().toFactory();
    // HTML elements, so a paragraph using them is read as HTML; "<T>", "<module>" or "<enter>" stay text.
    private static final Pattern HTML_ELEMENT = Pattern.compile("</?(?:a|b|blockquote|br|code|del|div|em|h[1-6]|hr|i"
            + "|iframe|img|li|ol|p|pre|s|script|span|strong|style|table|td|th|tr|u|ul)(?:\\s[^<>]*)?/?>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BACKTICKED = Pattern.compile("`[^`]*`");
    private static final Pattern RAW_HTML_DIRECTIVE = Pattern.compile("^\\.\\.\\s+raw::\\s*html\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+•]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(?:\\d+|#)[.)]\\s+(.*)$");
    private static final Pattern UNDERLINE = Pattern.compile("^([=\\-~^\"'`#*+_:.])\\1{2,}\\s*$");
    private static final Pattern INLINE = Pattern.compile(
            "`([^`<]+?)\\s*<([^>]+)>`__?"          // 1,2: named link
                    + "|``([^`]+)``"               // 3: literal
                    + "|\\*\\*([^*]+)\\*\\*"       // 4: strong
                    + "|\\*([^*\\s][^*]*)\\*"      // 5: emphasis
                    + "|(https?://[^\\s<>\"')\\]]+[^\\s<>\"')\\].,;:!?])" // 6: bare URL
                    + "|`([^`<]+)`(?!_)");                  // 7: interpreted text, shown as emphasis

    // Markdown's own syntax: a link to the web, an ATX heading, a code fence
    private static final Pattern MARKDOWN = Pattern.compile(
            "\\[[^\\]\n]+]\\(https?://[^)\\s]+\\)|^#{1,6} \\S|^```", Pattern.MULTILINE);
    /** Shorter than this, a line that is not a paragraph's last was ended by hand, not by wrapping. */
    private static final int WRAPPED_LINE = 60;
    private static final Parser MARKDOWN_PARSER = Parser.builder().build();
    private static final HtmlRenderer MARKDOWN_HTML = HtmlRenderer.builder().escapeHtml(true).build();

    private RestructuredText() {
    }

    public static Rendered render(String source) {
        if (source != null && MARKDOWN.matcher(source).find()) {
            String html = MARKUP.sanitize(MARKDOWN_HTML.render(MARKDOWN_PARSER.parse(source))).trim();
            return new Rendered(html, Encoding.decodeHtml(TEXT_ONLY.sanitize(html.replace("</p>", "</p>\n\n")))
                    .replaceAll("[ \t]+", " ").replaceAll("\\n{3,}", "\n\n").trim());
        }
        Rendered walked = walk(source);
        return new Rendered(MARKUP.sanitize(walked.html()), walked.text());
    }

    /**
     * The plain text only, for the search index: it skips the allowlist pass over the HTML, which the index never
     * shows (about a sixth of rendering the whole corpus).
     */
    public static String text(String source) {
        return walk(source).text();
    }

    /** Reads the blocks once, writing HTML (before the allowlist pass) and plain text side by side. */
    private static Rendered walk(String source) {
        if (source == null || source.isBlank()) {
            return new Rendered("", "");
        }
        List<List<String>> blocks = blocks(source.replace("\r\n", "\n").replace('\r', '\n'));
        StringBuilder html = new StringBuilder();
        StringBuilder text = new StringBuilder();
        boolean literalNext = false;
        boolean rawNext = false;
        for (List<String> block : blocks) {
            if (RAW_HTML_DIRECTIVE.matcher(block.get(0).trim()).matches()) {
                List<String> content = block.subList(1, block.size());
                rawNext = content.isEmpty(); // the content is this block's rest, or the next (indented) block
                appendRawHtml(html, text, String.join("\n", content));
                continue;
            } else if (rawNext) {
                rawNext = false;
                if (block.get(0).startsWith(" ")) {
                    appendRawHtml(html, text, String.join("\n", block));
                    continue;
                }
            }
            if (literalNext) {
                html.append("<pre>").append(escape(String.join("\n", dedent(block)))).append("</pre>\n");
                text.append(String.join("\n", dedent(block))).append("\n\n");
                literalNext = false;
                continue;
            }
            List<String> lines = withoutUnderlines(block);
            if (lines.isEmpty()) {
                continue;
            }
            String last = lines.get(lines.size() - 1);
            if (last.endsWith("::")) {
                literalNext = true;
                // "Example::" shows "Example:"; "Example ::" and a lone "::" show nothing of the marker
                lines.set(lines.size() - 1, last.trim().equals("::") ? ""
                        : last.endsWith(" ::") ? last.substring(0, last.length() - 3)
                        : last.substring(0, last.length() - 1));
            }
            if (lines.stream().allMatch(l -> BULLET.matcher(l).matches() || l.startsWith("  "))
                    && BULLET.matcher(lines.get(0)).matches()) {
                appendList(html, text, "ul", items(lines, BULLET));
            } else if (lines.stream().allMatch(l -> NUMBERED.matcher(l).matches() || l.startsWith("  "))
                    && NUMBERED.matcher(lines.get(0)).matches()) {
                appendList(html, text, "ol", items(lines, NUMBERED));
            } else if (isHtml(lines)) {
                appendHtmlParagraph(html, text, String.join("\n", lines));
            } else {
                String paragraph = joined(lines);
                if (!paragraph.isEmpty()) {
                    html.append("<p>").append(inline(paragraph).replace("\n", "<br>\n")).append("</p>\n");
                    text.append(plain(paragraph)).append("\n\n");
                }
            }
        }
        return new Rendered(html.toString().trim(), text.toString().trim());
    }

    /**
     * A paragraph's lines joined: by a space where the text was wrapped, by a line break ("\n", later
     * {@code <br>}) where a line ends short of a wrapped line's length and the next does not go on with the
     * sentence (it starts with a capital, a digit or a sign: "Speaker: Ana" then "Room: 2").
     */
    private static String joined(List<String> lines) {
        StringBuilder paragraph = new StringBuilder(lines.get(0).trim());
        for (int i = 1; i < lines.size(); i++) {
            String previous = lines.get(i - 1).trim();
            String line = lines.get(i).trim();
            boolean byHand = previous.length() < WRAPPED_LINE && !line.isEmpty()
                    && !Character.isLowerCase(line.codePointAt(0));
            paragraph.append(byHand ? "\n" : " ").append(line);
        }
        return paragraph.toString().trim();
    }

    private static boolean isHtml(List<String> lines) {
        return HTML_ELEMENT.matcher(BACKTICKED.matcher(String.join("\n", lines)).replaceAll("")).find();
    }

    private static void appendHtmlParagraph(StringBuilder html, StringBuilder text, String fragment) {
        String kept = MARKUP.sanitize(fragment).trim();
        if (kept.isEmpty()) {
            return;
        }
        boolean block = kept.startsWith("<p") || kept.startsWith("<ul") || kept.startsWith("<ol")
                || kept.startsWith("<pre") || kept.startsWith("<blockquote");
        html.append(block ? kept : "<p>" + kept + "</p>").append('\n');
        text.append(textOf(fragment)).append("\n\n");
    }

    /** A raw HTML directive's markup is usually a fragment (an opening tag here, its end later): keep its text. */
    private static void appendRawHtml(StringBuilder html, StringBuilder text, String fragment) {
        String content = textOf(fragment);
        if (!content.isEmpty()) {
            html.append("<p>").append(escape(content)).append("</p>\n");
            text.append(content).append("\n\n");
        }
    }

    private static String textOf(String htmlFragment) {
        return Encoding.decodeHtml(TEXT_ONLY.sanitize(htmlFragment)).replaceAll("\\s+", " ").trim();
    }

    private static List<List<String>> blocks(String source) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(line.stripTrailing());
            }
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    /** Section titles are kept as text; their over- and underlines are dropped. */
    private static List<String> withoutUnderlines(List<String> block) {
        List<String> lines = new ArrayList<>();
        for (String line : block) {
            if (!UNDERLINE.matcher(line).matches()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> dedent(List<String> block) {
        int indent = block.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return block.stream().map(l -> l.substring(Math.min(indent, l.length()))).toList();
    }

    private static List<String> items(List<String> lines, Pattern marker) {
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            Matcher m = marker.matcher(line);
            if (m.matches()) {
                items.add(m.group(1).trim());
            } else if (!items.isEmpty()) {
                items.set(items.size() - 1, items.get(items.size() - 1) + " " + line.trim());
            }
        }
        return items;
    }

    private static void appendList(StringBuilder html, StringBuilder text, String tag, List<String> items) {
        html.append('<').append(tag).append('>');
        for (String item : items) {
            html.append("<li>").append(inline(item)).append("</li>");
            text.append("- ").append(plain(item)).append('\n');
        }
        html.append("</").append(tag).append(">\n");
        text.append('\n');
    }

    private static String inline(String paragraph) {
        Matcher m = INLINE.matcher(paragraph);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(escape(paragraph.substring(last, m.start())));
            if (m.group(1) != null) {
                out.append(link(m.group(2).trim(), m.group(1).trim()));
            } else if (m.group(3) != null) {
                out.append("<code>").append(escape(m.group(3))).append("</code>");
            } else if (m.group(4) != null) {
                out.append("<strong>").append(escape(m.group(4))).append("</strong>");
            } else if (m.group(5) != null) {
                out.append("<em>").append(escape(m.group(5))).append("</em>");
            } else if (m.group(7) != null) {
                out.append("<em>").append(escape(m.group(7))).append("</em>");
            } else {
                out.append(link(m.group(6), m.group(6)));
            }
            last = m.end();
        }
        out.append(escape(paragraph.substring(last)));
        return out.toString();
    }

    private static String link(String url, String label) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return escape(label); // javascript: and friends never become links
        }
        return "<a href=\"" + escape(url) + "\" rel=\"nofollow noopener\">" + escape(label) + "</a>";
    }

    private static String plain(String paragraph) {
        Matcher m = INLINE.matcher(paragraph);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(paragraph, last, m.start());
            for (int g : new int[] {1, 3, 4, 5, 6, 7}) {
                if (m.group(g) != null) {
                    out.append(m.group(g).trim());
                    break;
                }
            }
            last = m.end();
        }
        return out.append(paragraph.substring(last)).toString();
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
