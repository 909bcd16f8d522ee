package org.talkarchive.search;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A search as the URL states it, validated: {@code q}, one repeatable parameter per {@link FacetField},
 * {@code year_from, year_to, sort, page, per_page, more, like}. Values of one facet combine with OR; facets with AND.
 *
 * @param filters the selected values of each facet, canonical (see {@link FacetField#canonical}); facets without a
 *                selection are absent
 * @param more    the facet whose values are all wanted ("Show more"), up to {@link FacetField#expandedSize}; or null
 * @param like    the path of a talk ({@code event/talk}) whose like is searched instead of words ("More like this");
 *                or null
 */
public record TalkQuery(String text, Map<FacetField, List<String>> filters, Integer yearFrom, Integer yearTo,
                        Sort sort, int page, int perPage, FacetField more, String like) {

    public enum Sort { RELEVANCE, NEWEST, OLDEST }

    public static final int MAX_WINDOW = 10_000; // Elasticsearch's default max_result_window
    private static final int MAX_TEXT = 500;
    private static final int MAX_VALUE = 200;
    private static final int MAX_VALUES = 50;
    private static final int DEFAULT_PER_PAGE = 20;
    private static final List<String> OWN_PARAMS = List.of("q", "year_from", "year_to", "sort", "page", "per_page",
            "more", "like");

    public TalkQuery {
        Map<FacetField, List<String>> copy = new EnumMap<>(FacetField.class);
        filters.forEach((facet, values) -> {
            if (!values.isEmpty()) {
                copy.put(facet, List.copyOf(values));
            }
        });
        filters = Collections.unmodifiableMap(copy);
    }

    public static TalkQuery all() {
        return new TalkQuery("", Map.of(), null, null, Sort.RELEVANCE, 1, DEFAULT_PER_PAGE, null, null);
    }

    /**
     * @param params     the query string, parameter to values
     * @param extraKnown parameters a caller handles itself (e.g. "format"), accepted and ignored here
     */
    public static TalkQuery parse(Map<String, List<String>> params, Set<String> extraKnown) {
        for (String name : params.keySet()) {
            if (!OWN_PARAMS.contains(name) && FacetField.byParam(name).isEmpty() && !extraKnown.contains(name)) {
                Set<String> known = new TreeSet<>(OWN_PARAMS);
                for (FacetField facet : FacetField.values()) {
                    known.add(facet.param());
                }
                throw new InvalidParameterException(name, "unknown parameter '" + name + "'; known are "
                        + String.join(", ", known));
            }
        }
        String text = single(params, "q");
        if (text == null) {
            text = "";
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidParameterException("q", "must be at most " + MAX_TEXT + " characters");
        }
        Integer yearFrom = optionalYear(single(params, "year_from"), "year_from");
        Integer yearTo = optionalYear(single(params, "year_to"), "year_to");
        if (yearFrom != null && yearTo != null && yearFrom > yearTo) {
            throw new InvalidParameterException("year_from", "year_from " + yearFrom + " is after year_to " + yearTo);
        }
        Map<FacetField, List<String>> filters = new EnumMap<>(FacetField.class);
        for (FacetField facet : FacetField.values()) {
            filters.put(facet, values(params, facet));
        }
        Sort sort = sort(single(params, "sort"));
        int page = WholeNumbers.parse(single(params, "page"), "page", 1, 1, MAX_WINDOW);
        int perPage = WholeNumbers.parse(single(params, "per_page"), "per_page", DEFAULT_PER_PAGE, 1, 100);
        if ((long) page * perPage > MAX_WINDOW) {
            throw new InvalidParameterException("page", "only the first " + MAX_WINDOW
                    + " results can be paged through; narrow the search or download it as CSV");
        }
        String moreParam = single(params, "more");
        FacetField more = moreParam == null ? null : FacetField.byParam(moreParam).orElseThrow(() ->
                new InvalidParameterException("more", "must name a facet (event, year, speaker, tag, language or transcript), was '"
                        + moreParam + "'"));
        String like = like(single(params, "like"));
        if (like != null && !text.isBlank()) {
            throw new InvalidParameterException("like", "searches talks like one talk, without words; leave q out");
        }
        if (like != null && sort != Sort.RELEVANCE) {
            throw new InvalidParameterException("sort", "talks like one talk come most alike first; leave sort out");
        }
        return new TalkQuery(text.trim(), filters, yearFrom, yearTo, sort, page, perPage, more, like);
    }

    /** A talk's path as {@code like} gives it: an event's slug and a talk's, as in the talk's address. */
    private static String like(String value) {
        if (value == null) {
            return null;
        }
        String path = value.startsWith("/talks/") ? value.substring("/talks/".length()) : value;
        if (path.length() > MAX_VALUE || !path.matches("[^/\\s]+/[^/\\s]+")) {
            throw new InvalidParameterException("like", "must be a talk's path, event/talk (as in /talks/event/talk)");
        }
        return path;
    }

    /** Whether this search looks for talks like one talk ({@link #like()}). */
    public boolean isLike() {
        return like != null;
    }

    public boolean hasText() {
        return !text.isBlank();
    }

    /** Whether any facet value or year range is selected. */
    public boolean hasFilters() {
        return !filters.isEmpty() || yearFrom != null || yearTo != null;
    }

    /** The same words, sort and page size with no facet value or year range selected, from the first page. */
    public TalkQuery withoutFilters() {
        return new TalkQuery(text, Map.of(), null, null, sort, 1, perPage, more, like);
    }

    /** The selected values of one facet, canonical; empty when none is selected. */
    public List<String> selected(FacetField facet) {
        return filters.getOrDefault(facet, List.of());
    }

    /** This query as URL parameters, in a stable order; defaults are left out. It is also the query's JSON. */
    @JsonValue
    public Map<String, List<String>> toParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (hasText()) {
            params.put("q", List.of(text));
        }
        filters.forEach((facet, values) -> params.put(facet.param(), values));
        if (yearFrom != null) {
            params.put("year_from", List.of(yearFrom.toString()));
        }
        if (yearTo != null) {
            params.put("year_to", List.of(yearTo.toString()));
        }
        if (sort != Sort.RELEVANCE) {
            params.put("sort", List.of(sort.name().toLowerCase(Locale.ROOT)));
        }
        if (page != 1) {
            params.put("page", List.of(Integer.toString(page)));
        }
        if (perPage != DEFAULT_PER_PAGE) {
            params.put("per_page", List.of(Integer.toString(perPage)));
        }
        if (more != null) {
            params.put("more", List.of(more.param()));
        }
        if (like != null) {
            params.put("like", List.of(like));
        }
        return params;
    }

    public TalkQuery withPage(int newPage) {
        return new TalkQuery(text, filters, yearFrom, yearTo, sort, newPage, perPage, more, like);
    }

    /** The same filters with these words, from the first page; words replace {@link #like()}. */
    public TalkQuery withText(String newText) {
        return new TalkQuery(newText, filters, yearFrom, yearTo, sort, 1, perPage, more, null);
    }

    public TalkQuery withPerPage(int newPerPage) {
        return new TalkQuery(text, filters, yearFrom, yearTo, sort, 1, newPerPage, more, like);
    }

    /** The same search with all values of one facet wanted (null: each facet's usual number). */
    public TalkQuery withMore(FacetField facet) {
        return new TalkQuery(text, filters, yearFrom, yearTo, sort, page, perPage, facet, like);
    }

    /** How many values of a facet are counted and shown for this search. */
    public int facetSize(FacetField facet) {
        return facet == more ? facet.expandedSize() : facet.size();
    }

    /** A year as a URL gives it; the error names the parameter. */
    static int year(String value, String name) {
        return WholeNumbers.parse(value, name, 0, 1900, 2999);
    }

    private static Integer optionalYear(String value, String name) {
        return value == null ? null : year(value, name);
    }

    private static String single(Map<String, List<String>> params, String name) {
        String value = once(params, name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A flag parameter such as {@code literal} or {@code help}: absent or {@code false} is off, {@code true} on,
     * any other value refused.
     */
    public static boolean flag(Map<String, List<String>> params, String name) {
        String value = once(params, name);
        return switch (value == null ? "false" : value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameterException(name, "must be true or false, was '" + value + "'");
        };
    }

    /** The parameter's value as given; null when absent; refused when given more than once. */
    private static String once(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new InvalidParameterException(name, "may be given once, was given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> values(Map<String, List<String>> params, FacetField facet) {
        String name = facet.param();
        List<String> values = new ArrayList<>();
        for (String value : params.getOrDefault(name, List.of())) {
            if (value.isBlank()) {
                continue;
            }
            if (value.length() > MAX_VALUE) {
                throw new InvalidParameterException(name, "values must be at most " + MAX_VALUE + " characters");
            }
            String canonical = facet.canonical(value.trim());
            if (!values.contains(canonical)) {
                values.add(canonical);
            }
        }
        if (values.size() > MAX_VALUES) {
            throw new InvalidParameterException(name, "at most " + MAX_VALUES + " values may be selected");
        }
        return values;
    }

    private static Sort sort(String value) {
        if (value == null) {
            return Sort.RELEVANCE;
        }
        try {
            return Sort.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("sort", "must be relevance, newest or oldest, was '" + value + "'");
        }
    }
}
