package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.SuggestMode;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.SuggestSort;
import java.util.List;
import java.util.TreeMap;

/**
 * Spelling suggestions for the words of a search that found nothing: the request, and the words respelled from
 * its answer ("Did you mean").
 */
final class Spelling {

    private static final List<String> FIELDS = List.of("title", "speakers", "description");

    private Spelling() {
    }

    /**
     * For each word the archive does not have, the most frequent known word within two edits (Elasticsearch's term
     * suggester), from titles, speakers' names and descriptions. See {@link #respelled}.
     */
    static SearchRequest request(String index, String text) {
        String words = WordsQuery.unquoted(text);
        return SearchRequest.of(s -> s.index(index).size(0).source(src -> src.fetch(false))
                .suggest(sg -> {
                    sg.text(words);
                    for (String field : FIELDS) {
                        sg.suggesters(field, f -> f.term(t -> t.field(field).suggestMode(SuggestMode.Missing)
                                .sort(SuggestSort.Frequency).size(1).minWordLength(3)));
                    }
                    return sg;
                }));
    }

    /**
     * The words of {@code text} with each unknown word replaced by the suggestion for it (a title's word first,
     * then a name's, then a description's); null when no word was replaced.
     */
    static String respelled(String text, SearchResponse<Void> spelling) {
        record Replacement(int length, String word) {
        }
        String words = WordsQuery.unquoted(text);
        TreeMap<Integer, Replacement> byOffset = new TreeMap<>();
        for (int i = FIELDS.size() - 1; i >= 0; i--) { // the first field is put last, so it wins
            for (var entry : spelling.suggest().getOrDefault(FIELDS.get(i), List.of())) {
                var term = entry.term();
                if (!term.options().isEmpty()) {
                    byOffset.put(term.offset(), new Replacement(term.length(), term.options().get(0).text()));
                }
            }
        }
        if (byOffset.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (var r : byOffset.entrySet()) {
            out.append(words, at, r.getKey()).append(r.getValue().word());
            at = r.getKey() + r.getValue().length();
        }
        return out.append(words.substring(at)).toString().replaceAll("\\s+", " ").trim();
    }
}
