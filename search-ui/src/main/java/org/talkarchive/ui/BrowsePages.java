package org.talkarchive.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.talkarchive.search.FacetField;
import org.talkarchive.talks.Catalog;
import org.talkarchive.talks.PagePaths;

/** The view records of the pages viewers browse (speaker, event, series, and the indexes of events and speakers). */
public final class BrowsePages {

    private BrowsePages() {
    }

    /** speaker.jte: a speaker's profile and talks. */
    public record SpeakerPage(Catalog.SpeakerProfile profile, String jsonHref, PageMeta meta) {

        /** Their talks as a search, to filter and sort them there. */
        public String searchHref() {
            return SearchLinks.filtered(FacetField.SPEAKER, profile.speaker().slug());
        }

        public String feedHref() {
            return "/feed.atom?speaker=" + PagePaths.encode(profile.speaker().slug());
        }

        /** Their talks of one year, as a search. */
        public String yearHref(int year) {
            return SearchLinks.url("/", Map.of("speaker", List.of(profile.speaker().slug()),
                    "year", List.of(Integer.toString(year))));
        }
    }

    /** event.jte: an event, its series and its talks in schedule order. */
    public record EventPage(Catalog.EventPage event, String jsonHref, PageMeta meta) {

        public String searchHref() {
            return SearchLinks.filtered(FacetField.EVENT, event.event().slug());
        }

        public String feedHref() {
            return "/feed.atom?event=" + PagePaths.encode(event.event().slug());
        }
    }

    /** home.jte: the page at "/" without parameters. */
    public record HomePage(Catalog.Home home, String jsonHref, String feedHref, PageMeta meta) {

        public String tagHref(String key) {
            return SearchLinks.filtered(FacetField.TAG, key);
        }

        /** Every talk, newest first: the search page's own form of "all of them". */
        public String newestHref() {
            return SearchLinks.url("/", Map.of("sort", List.of("newest")));
        }
    }

    /** events.jte: one page of the events, by series. */
    public record EventsIndex(Catalog.EventsIndex index, String jsonHref, PageMeta meta) {

        /** The address of a page of the index: the first page's is {@code /events}. */
        public static String href(int page) {
            return page == 1 ? "/events" : "/events?page=" + page;
        }

        public Pager pager() {
            return Pager.of(index.page(), index.pages(), EventsIndex::href);
        }
    }

    /** series.jte: one series' events by year. */
    public record SeriesPage(Catalog.Series series, String jsonHref, PageMeta meta) {
    }

    /** speakers.jte: speakers A–Z, or those matching a filter, a page of them. */
    public record SpeakersIndex(Catalog.SpeakerIndex index, String jsonHref, PageMeta meta) {

        /**
         * The address of a page of this list at {@code path} ({@code /speakers}, or the API's): its filter, or else
         * its letter, kept.
         */
        public static String href(String path, Catalog.SpeakerIndex index, int page) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            if (index.filter().isEmpty()) {
                params.put("letter", List.of(index.letter()));
            } else {
                params.put("q", List.of(index.filter()));
            }
            if (page > 1) {
                params.put("page", List.of(Integer.toString(page)));
            }
            return SearchLinks.url(path, params);
        }

        public String letterHref(String letter) {
            return "/speakers?letter=" + PagePaths.encode(letter);
        }

        public Pager pager() {
            return Pager.of(index.page(), index.pages(), page -> href("/speakers", index, page));
        }

        /** The talks searched for the filter's words, when no speaker is named like them. */
        public String searchHref() {
            return SearchLinks.url("/", Map.of("q", List.of(index.filter())));
        }
    }
}
