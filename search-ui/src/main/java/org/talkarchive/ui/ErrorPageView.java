package org.talkarchive.ui;

import java.util.List;

/**
 * What error.jte shows: the status and a sentence for people (never a stack trace), the words that were searched
 * for (kept in the search box; empty when none), and ways forward.
 */
public record ErrorPageView(int status, String message, String searchText, List<Link> ways) {

    /** A way forward, such as the same search without the parameter that was refused. */
    public record Link(String href, String label) {
    }

    public ErrorPageView {
        searchText = searchText == null ? "" : searchText;
        ways = List.copyOf(ways);
    }
}
