package org.talkarchive.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestructuredTextTest {

    @Test
    void htmlOutsideTheAllowlistNeverPassesThrough() {
        RestructuredText.Rendered r = RestructuredText.render(
                "Hello <script>alert('x')</script> <b onclick=\"steal()\">bold</b> <img src=x onerror=y> & more");
        assertThat(r.html()).isEqualTo("<p>Hello  <b>bold</b>  &amp; more</p>");
        assertThat(r.text()).isEqualTo("Hello bold & more");
    }

    @Test
    void textThatLooksLikeTagsIsShownAsWritten() {
        RestructuredText.Rendered r = RestructuredText.render(
                "Boost.Python gives ``class_<T>``; include frameworks with `<script>`; press <enter>.");
        assertThat(r.html()).contains("<code>class_&lt;T&gt;</code>").contains("with &#96;&lt;script&gt;&#96;;")
                .contains("press &lt;enter&gt;.");
        assertThat(r.text()).isEqualTo("Boost.Python gives class_<T>; include frameworks with `<script>`; press <enter>.");
        assertThat(RestructuredText.render("::\n\n    File \"t.py\", line 5, in <module>").html())
                .isEqualTo("<pre>File &#34;t.py&#34;, line 5, in &lt;module&gt;</pre>");
    }

    @Test
    void anHtmlParagraphKeepsAllowedMarkupAndOnlyWebLinks() {
        RestructuredText.Rendered r = RestructuredText.render("<p>How does it work? Let&#39;s find out.</p>\n\n"
                + "Get started at <a href=\"https://kolo.app/\" onclick=\"x()\">kolo</a>, not <a href=\"javascript:alert(1)\">here</a>.");
        assertThat(r.html()).startsWith("<p>How does it work? Let&#39;s find out.</p>")
                .contains("<a href=\"https://kolo.app/\" rel=\"nofollow noopener\">kolo</a>")
                .doesNotContain("onclick").doesNotContain("javascript");
        assertThat(r.text()).isEqualTo("How does it work? Let's find out.\n\nGet started at kolo, not here.");
    }

    @Test
    void rawHtmlDirectivesGiveTheirTextOnly() {
        RestructuredText.Rendered r = RestructuredText.render(
                "Two areas:\n\n.. raw:: html\n\n   <ol>\n   <li>\n\nTextural features\n\n.. raw:: html\n\n"
                        + "   </li>\n   <li><em>Classification</em></li>\n   </ol>\n\nBoth.");
        assertThat(r.html()).isEqualTo("<p>Two areas:</p>\n<p>Textural features</p>\n<p>Classification</p>\n<p>Both.</p>");
        assertThat(r.text()).isEqualTo("Two areas:\n\nTextural features\n\nClassification\n\nBoth.");
    }

    @Test
    void escapesWhatLooksLikeMarkupButIsText() {
        assertThat(RestructuredText.render("Use a < b and \"quotes\"").html())
                .isEqualTo("<p>Use a &lt; b and &#34;quotes&#34;</p>");
    }

    @Test
    void namedLinksBareUrlsAndInlineMarkup() {
        String html = RestructuredText.render(
                "See `the docs <https://docs.example.org/a?b=1&c=2>`_, *this*, **that**, ``code`` and https://x.example/y.").html();
        assertThat(html).contains("<a href=\"https://docs.example.org/a?b&#61;1&amp;c&#61;2\" rel=\"nofollow noopener\">the docs</a>")
                .contains("<em>this</em>").contains("<strong>that</strong>").contains("<code>code</code>")
                .contains("<a href=\"https://x.example/y\" rel=\"nofollow noopener\">https://x.example/y</a>.");
    }

    @Test
    void interpretedTextIsEmphasisedAndItsBackticksDropped() {
        RestructuredText.Rendered r = RestructuredText.render("A `FileField` and a `link <https://x.example>`_");
        assertThat(r.html()).contains("A <em>FileField</em> and a <a href=\"https://x.example\"");
        assertThat(r.text()).isEqualTo("A FileField and a link");
    }

    @Test
    void onlyWebLinksBecomeLinks() {
        String html = RestructuredText.render("`click <javascript:alert(1)>`_").html();
        assertThat(html).isEqualTo("<p>click</p>").doesNotContain("href");
    }

    @Test
    void paragraphsListsAndLiteralBlocks() {
        String source = """
                Intro line one
                continues here.

                - first item
                - second item

                Example::

                    print("hi")
                """;
        String html = RestructuredText.render(source).html();
        assertThat(html).contains("<p>Intro line one continues here.</p>")
                .contains("<ul><li>first item</li><li>second item</li></ul>")
                .contains("<p>Example:</p>")
                .contains("<pre>print(&#34;hi&#34;)</pre>");
    }

    @Test
    void sectionUnderlinesAreDropped() {
        assertThat(RestructuredText.render("Title\n=====\n\nBody").text()).isEqualTo("Title\n\nBody");
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertThat(RestructuredText.render(null).html()).isEmpty();
        assertThat(RestructuredText.render("   ").text()).isEmpty();
    }

    @Test
    void textAloneIsTheTextOfTheRendering() {
        String source = "Intro with ``code`` and `a link <https://x.example>`_.\n\n<p>An <b>HTML</b> paragraph</p>\n\n"
                + "- one\n- two\n\nExample::\n\n    print(1)";
        assertThat(RestructuredText.text(source)).isEqualTo(RestructuredText.render(source).text())
                .contains("An HTML paragraph").contains("- one");
        assertThat(RestructuredText.text(null)).isEmpty();
    }

    @Test
    void markdownLinksWorkAndPassTheAllowlist() {
        RestructuredText.Rendered r = RestructuredText.render("""
                Slides are [on GitHub](https://github.com/ana/slides) and **worth it**.

                ## Outline

                - one [bad](javascript:alert(1))
                - two <script>alert(1)</script>
                """);
        assertThat(r.html())
                .contains("<a href=\"https://github.com/ana/slides\" rel=\"nofollow noopener\">on GitHub</a>")
                .contains("<strong>worth it</strong>").contains("<ul>").contains("<li>")
                .doesNotContain("javascript").doesNotContain("<script").doesNotContain("[on GitHub]")
                .doesNotContain("<h2");
        assertThat(r.html()).contains("&lt;script&gt;"); // raw HTML in Markdown is text, as in reStructuredText
        assertThat(r.text()).contains("Slides are on GitHub and worth it.").contains("Outline");
    }

    @Test
    void linesBrokenByHandStayBrokenWhileWrappedParagraphsJoin() {
        String byHand = "Speaker: Ana\nRoom: 2\nSlides: https://example.org/s";
        assertThat(RestructuredText.render(byHand).html()).isEqualTo("<p>Speaker: Ana<br />\nRoom: 2<br />\n"
                + "Slides: <a href=\"https://example.org/s\" rel=\"nofollow noopener\">https://example.org/s</a></p>");
        assertThat(RestructuredText.render(byHand).text()).isEqualTo(byHand);
        String wrapped = "This talk walks through the design of a plugin system for a large Django project,\n"
                + "And what we learned when third parties started to write plugins.";
        assertThat(RestructuredText.render(wrapped).html()).isEqualTo("<p>This talk walks through the design of a"
                + " plugin system for a large Django project, And what we learned when third parties started to"
                + " write plugins.</p>");
    }
}
