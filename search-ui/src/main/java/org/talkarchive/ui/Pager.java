package org.talkarchive.ui;

import java.util.function.IntFunction;

/**
 * Where a list that comes in pages is ("Page 2 of 6"), and its previous and next pages' addresses (null at either
 * end), for pager.jte.
 */
public record Pager(int page, int pages, String previousHref, String nextHref) {

    /** Page {@code page} of {@code pages}, the address of a page given by {@code href}. */
    public static Pager of(int page, int pages, IntFunction<String> href) {
        return new Pager(page, pages, page > 1 ? href.apply(page - 1) : null,
                page < pages ? href.apply(page + 1) : null);
    }

    public String text() {
        return "Page " + Formats.count(page) + " of " + Formats.count(pages);
    }
}
