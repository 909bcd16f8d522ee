package org.talkarchive.talks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Site-relative links to talks, speakers and events (links to searches: {@code SearchLinks}). Slugs and tag keys come from the corpus, so each is
 * percent-encoded: a tag such as {@code c++}, {@code #python} or {@code a&b} must arrive as itself.
 */
public final class PagePaths {

    private PagePaths() {
    }

    public static String talk(String eventSlug, String talkSlug) {
        return "/talks/" + encode(eventSlug) + "/" + encode(talkSlug);
    }

    public static String speaker(String slug) {
        return "/speakers/" + encode(slug);
    }

    public static String event(String slug) {
        return "/events/" + encode(slug);
    }

    public static String series(String slug) {
        return "/series/" + encode(slug);
    }

    /** Percent-encodes everything but unreserved characters; good for a path segment and a query value alike. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
