package org.talkarchive.search;

import javax.sql.DataSource;
import org.talkarchive.infra.postgres.Jdbis;
import org.talkarchive.talks.TalkRepository;

/**
 * The archive's own PostgreSQL search (full-text search with every filter, the page hydrated, and year, event,
 * speaker, tag and language counts by GROUP BY, in one statement) opened to the benchmarks as the baseline that
 * Elasticsearch is measured against. The one difference in what it answers: each facet's counts honour its own
 * selection too.
 */
public final class PostgresFacetSearch {

    private final PostgresFallbackSearch search;

    public PostgresFacetSearch(DataSource dataSource) {
        var jdbi = Jdbis.create(dataSource);
        this.search = new PostgresFallbackSearch(jdbi, new TalkRepository(jdbi));
    }

    public SearchPage search(TalkQuery query) {
        return search.search(query, TalkSearchRequests.effectiveSort(query));
    }
}
