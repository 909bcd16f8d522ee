package org.talkarchive.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.talks.PagePaths;

/**
 * URLs for a search page: toggling a facet value, removing a filter, paging, sorting, and the JSON twin. Every
 * state of a search is a URL, so it can be bookmarked and shared.
 */
public final class SearchLinks {

    private final String path;
    private final TalkQuery query;

    public SearchLinks(String path, TalkQuery query) {
        this.path = path;
        this.query = query;
    }

    /** The same search with {@code value} of {@code facet} selected or, if it was selected, deselected. */
    public String toggle(FacetField facet, String value) {
        Map<String, List<String>> params = withoutPage();
        List<String> values = new ArrayList<>(params.getOrDefault(facet.param(), List.of()));
        if (!values.remove(value)) {
            values.add(value);
        }
        set(params, facet.param(), values);
        return url(params);
    }

    /** The same search without any value of the named parameters. */
    public String clear(String... names) {
        return url(paramsWithout(names));
    }

    public String page(int page) {
        Map<String, List<String>> params = query.withPage(page).toParams();
        return url(params);
    }

    public String sorted(String sort) {
        Map<String, List<String>> params = withoutPage();
        set(params, "sort", "relevance".equals(sort) ? List.of() : List.of(sort));
        return url(params);
    }

    /** The same search with other words (a spelling suggestion), from the first page. */
    public String withText(String text) {
        return url(query.withText(text).toParams());
    }

    /** The talks like this one ("More like this"), on the search page. */
    public static String like(TalkSummary talk) {
        return url("/", Map.of("like", List.of(talk.path().substring("/talks/".length()))));
    }

    /** The same words with no filter selected, from the first page. */
    public String withoutFilters() {
        return url(query.withoutFilters().toParams());
    }

    /** The same search listing all values of a facet ("Show more"), or each facet's usual number (null). */
    public String more(FacetField facet) {
        return url(query.withMore(facet).toParams());
    }

    /** The JSON twin of this page, with the ways forward a page offers when it finds nothing ({@code help=true}). */
    public String json() {
        Map<String, List<String>> params = new LinkedHashMap<>(query.toParams());
        params.put("help", List.of("true"));
        return url("/api/talks", params);
    }

    /** Every matching talk as a download: "csv" or "json". */
    public String export(String format) {
        return url("/export/talks." + format, paramsWithout("per_page", "more"));
    }

    /** The Atom feed of this search, newest first. */
    public String feed() {
        return url("/feed.atom", paramsWithout("per_page", "sort", "more"));
    }

    /** The current parameters less some (and less the page), e.g. for hidden fields of a form that sets them. */
    public Map<String, List<String>> paramsWithout(String... names) {
        Map<String, List<String>> params = withoutPage();
        for (String name : names) {
            params.remove(name);
        }
        return params;
    }

    private Map<String, List<String>> withoutPage() {
        Map<String, List<String>> params = new LinkedHashMap<>(query.toParams());
        params.remove("page");
        return params;
    }

    private static void set(Map<String, List<String>> params, String name, List<String> values) {
        if (values.isEmpty()) {
            params.remove(name);
        } else {
            params.put(name, values);
        }
    }

    private String url(Map<String, List<String>> params) {
        return url(path, params);
    }

    /** A path with these parameters, encoded, in the order given. */
    public static String url(String path, Map<String, List<String>> params) {
        StringBuilder url = new StringBuilder(path);
        char separator = '?';
        for (var entry : params.entrySet()) {
            for (String value : entry.getValue()) {
                url.append(separator).append(PagePaths.encode(entry.getKey())).append('=').append(PagePaths.encode(value));
                separator = '&';
            }
        }
        return url.toString();
    }

    /** The search page filtered to one value of a facet, e.g. a talk's tag. */
    public static String filtered(FacetField facet, String value) {
        return url("/", Map.of(facet.param(), List.of(value)));
    }
}
