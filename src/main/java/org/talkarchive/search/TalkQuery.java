package org.talkarchive.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A search as the URL states it, validated: {@code q, event, speaker, tag, language, year, year_from, year_to,
 * sort, page, per_page}. Facet parameters may repeat; values of one facet combine with OR.
 */
public record TalkQuery(String text, List<String> events, List<String> speakers, List<String> tags,
                        List<String> languages, List<Integer> years, Integer yearFrom, Integer yearTo,
                        Sort sort, int page, int perPage) {

    public enum Sort { RELEVANCE, NEWEST, OLDEST }

    public static final int MAX_WINDOW = 10_000; // Elasticsearch's default max_result_window
    private static final int MAX_TEXT = 500;
    private static final int MAX_VALUE = 200;
    private static final int MAX_VALUES = 50;
    private static final Set<String> KNOWN = Set.of("q", "event", "speaker", "tag", "language", "year",
            "year_from", "year_to", "sort", "page", "per_page");

    public TalkQuery {
        events = List.copyOf(events);
        speakers = List.copyOf(speakers);
        tags = List.copyOf(tags);
        languages = List.copyOf(languages);
        years = List.copyOf(years);
    }

    public static TalkQuery all() {
        return new TalkQuery("", List.of(), List.of(), List.of(), List.of(), List.of(), null, null, Sort.RELEVANCE,
                1, 20);
    }

    /**
     * @param params    the query string, parameter to values
     * @param extraKnown parameters a caller handles itself (e.g. "format"), accepted and ignored here
     */
    public static TalkQuery parse(Map<String, List<String>> params, Set<String> extraKnown) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name) && !extraKnown.contains(name)) {
                throw new InvalidParameterException(name, "unknown parameter '" + name + "'; known are "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        String text = single(params, "q");
        if (text == null) {
            text = "";
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidParameterException("q", "must be at most " + MAX_TEXT + " characters");
        }
        Integer yearFrom = year(single(params, "year_from"), "year_from");
        Integer yearTo = year(single(params, "year_to"), "year_to");
        if (yearFrom != null && yearTo != null && yearFrom > yearTo) {
            throw new InvalidParameterException("year_from", "year_from " + yearFrom + " is after year_to " + yearTo);
        }
        List<Integer> years = new ArrayList<>();
        for (String value : values(params, "year")) {
            years.add(year(value, "year"));
        }
        Sort sort = sort(single(params, "sort"));
        int page = number(single(params, "page"), "page", 1, 1, MAX_WINDOW);
        int perPage = number(single(params, "per_page"), "per_page", 20, 1, 100);
        if ((long) page * perPage > MAX_WINDOW) {
            throw new InvalidParameterException("page", "only the first " + MAX_WINDOW
                    + " results can be paged through; narrow the search or download it as CSV");
        }
        return new TalkQuery(text.trim(), values(params, "event"), values(params, "speaker"), values(params, "tag"),
                values(params, "language"), years, yearFrom, yearTo, sort, page, perPage);
    }

    public boolean hasText() {
        return !text.isBlank();
    }

    /** This query as URL parameters, in a stable order; defaults are left out. */
    public Map<String, List<String>> toParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (hasText()) {
            params.put("q", List.of(text));
        }
        put(params, "event", events);
        put(params, "speaker", speakers);
        put(params, "tag", tags);
        put(params, "language", languages);
        put(params, "year", years.stream().map(String::valueOf).toList());
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
        if (perPage != 20) {
            params.put("per_page", List.of(Integer.toString(perPage)));
        }
        return params;
    }

    public TalkQuery withPage(int newPage) {
        return new TalkQuery(text, events, speakers, tags, languages, years, yearFrom, yearTo, sort, newPage,
                perPage);
    }

    public TalkQuery withText(String newText) {
        return new TalkQuery(newText, events, speakers, tags, languages, years, yearFrom, yearTo, sort, 1, perPage);
    }

    public TalkQuery withPerPage(int newPerPage) {
        return new TalkQuery(text, events, speakers, tags, languages, years, yearFrom, yearTo, sort, 1, newPerPage);
    }

    private static void put(Map<String, List<String>> params, String name, List<String> values) {
        if (!values.isEmpty()) {
            params.put(name, values);
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new InvalidParameterException(name, "may be given once, was given " + values.size() + " times");
        }
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }

    private static List<String> values(Map<String, List<String>> params, String name) {
        List<String> values = new ArrayList<>();
        for (String value : params.getOrDefault(name, List.of())) {
            if (value.isBlank()) {
                continue;
            }
            if (value.length() > MAX_VALUE) {
                throw new InvalidParameterException(name, "values must be at most " + MAX_VALUE + " characters");
            }
            if (!values.contains(value.trim())) {
                values.add(value.trim());
            }
        }
        if (values.size() > MAX_VALUES) {
            throw new InvalidParameterException(name, "at most " + MAX_VALUES + " values may be selected");
        }
        return values;
    }

    private static Integer year(String value, String name) {
        if (value == null) {
            return null;
        }
        return number(value, name, 0, 1900, 2999);
    }

    private static int number(String value, String name, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new InvalidParameterException(name, "must be from " + min + " to " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "must be a whole number, was '" + value + "'");
        }
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
