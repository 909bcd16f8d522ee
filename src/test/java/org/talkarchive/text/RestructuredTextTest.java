package org.talkarchive.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestructuredTextTest {

    @Test
    void rawHtmlNeverPassesThrough() {
        RestructuredText.Rendered r = RestructuredText.render("Hello <script>alert('x')</script> <b>bold</b> & more");
        assertThat(r.html()).doesNotContain("<script").doesNotContain("<b>").contains("&amp; more");
        assertThat(r.text()).isEqualTo("Hello alert('x') bold & more");
    }

    @Test
    void escapesWhatLooksLikeMarkupButIsText() {
        assertThat(RestructuredText.render("Use a < b and \"quotes\"").html())
                .isEqualTo("<p>Use a &lt; b and &quot;quotes&quot;</p>");
    }

    @Test
    void namedLinksBareUrlsAndInlineMarkup() {
        String html = RestructuredText.render(
                "See `the docs <https://docs.example.org/a?b=1&c=2>`_, *this*, **that**, ``code`` and https://x.example/y.").html();
        assertThat(html).contains("<a href=\"https://docs.example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">the docs</a>")
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
                .contains("<pre>print(&quot;hi&quot;)</pre>");
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
}
