package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.util.ArrayList;
import java.util.List;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.Talks.TalkSummary;

/**
 * Suggestions while typing: talks whose title or speakers start with the words typed (from the engine, hydrated
 * from PostgreSQL), and speakers and events by name (from PostgreSQL). A typo is forgiven: in a word of a title or
 * name (fuzziness), and in a speaker's or event's name (trigram word similarity) when too few start as typed. Title
 * words are also found in other inflections, and a talk recorded more than once is suggested once.
 */
public final class SuggestService {

    public enum Kind { TALK, SPEAKER, EVENT }

    public record Suggestion(Kind kind, String label, String detail, String url) {
    }

    private static final int MAX_PREFIX = 100;
    private static final List<String> SUGGEST_FIELDS = List.of("title^3", "speakers");

    private final SearchEngineGuard engine;
    private final String alias;
    private final TalkRepository talks;

    public SuggestService(SearchEngineGuard engine, String alias, TalkRepository talks) {
        this.engine = engine;
        this.alias = alias;
        this.talks = talks;
    }

    public List<Suggestion> suggest(String prefix, int perKind) {
        if (prefix == null || prefix.isBlank()) {
            return List.of();
        }
        if (prefix.length() > MAX_PREFIX) {
            throw new InvalidParameterException("q", "must be at most " + MAX_PREFIX + " characters");
        }
        String typed = prefix.trim();
        List<Suggestion> suggestions = new ArrayList<>();
        for (TalkSummary talk : talks.summariesInOrder(matchingTalkIds(typed, perKind))) {
            suggestions.add(new Suggestion(Kind.TALK, talk.title(),
                    talk.event().title(), talk.path()));
        }
        talks.speakersNamed(typed, perKind).forEach(s -> suggestions.add(new Suggestion(Kind.SPEAKER, s.name(),
                talkCount(s.talkCount()), PagePaths.speaker(s.slug()))));
        talks.eventsNamed(typed, perKind).forEach(e -> suggestions.add(new Suggestion(Kind.EVENT, e.title(),
                talkCount(e.talkCount()), PagePaths.event(e.slug()))));
        return suggestions;
    }

    private static String talkCount(int n) {
        return n + (n == 1 ? " talk" : " talks");
    }

    /** Talks from the engine; none while it is unavailable (speakers and events still come from PostgreSQL). */
    private List<Long> matchingTalkIds(String typed, int size) {
        try {
            SearchResponse<Void> response = engine.search(SearchRequest.of(s -> s.index(alias).size(size)
                    .source(src -> src.fetch(false))
                    .query(q -> q.bool(b -> b
                            // the last word still being typed, earlier ones forgiven a typo
                            .should(s1 -> s1.multiMatch(m -> m.query(typed).type(TextQueryType.BoolPrefix)
                                    .operator(Operator.And).fuzziness("AUTO").prefixLength(1)
                                    .fields(SUGGEST_FIELDS)))
                            // every word complete, any of them with a typo ("djnago")
                            .should(s2 -> s2.multiMatch(m -> m.query(typed).type(TextQueryType.BestFields)
                                    .operator(Operator.And).fuzziness("AUTO").prefixLength(1)
                                    .fields(SUGGEST_FIELDS)))
                            // every word complete, in another inflection ("testing apps": "Test your app")
                            .should(s3 -> s3.match(m -> m.field("title.stemmed").query(typed)
                                    .operator(Operator.And)))))
                    // one suggestion per talk, however many times it was recorded
                    .collapse(c -> c.field(TalkSearchRequests.DUPLICATE_KEY))));
            return TalkSearchService.talkIds(response.hits().hits());
        } catch (SearchUnavailableException e) {
            return List.of();
        }
    }
}
