package org.talkarchive.web.viewer;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import org.talkarchive.health.PublishingLag;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SuggestService;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.ui.SearchLinks;
import org.talkarchive.ui.SearchPageView;
import org.talkarchive.web.shared.Views;

/** The search page and its JSON twin, and suggestions. */
public final class SearchController {

    private final TalkSearchService search;
    private final SuggestService suggestions;
    private final Views views;
    private final ArchiveMetrics metrics;
    private final PublishingLag lag;

    /** @param lag whether changes wait to be published: a page then says its results may be out of date */
    public SearchController(TalkSearchService search, SuggestService suggestions, Views views,
                            ArchiveMetrics metrics, PublishingLag lag) {
        this.metrics = metrics;
        this.lag = lag;
        this.search = search;
        this.suggestions = suggestions;
        this.views = views;
    }

    /** {@code literal=true}: the words as typed, none read as an event or a speaker. */
    static final String LITERAL = "literal";

    private SearchPage search(Context ctx, TalkQuery query) {
        return TalkQuery.flag(ctx.queryParamMap(), LITERAL) ? search.search(query) : search.searchUnderstood(query);
    }

    public void apiSuggest(Context ctx) {
        ctx.json(Map.of("suggestions", suggestions.suggest(ctx.queryParam("q"), 5)));
    }

    public void apiSearch(Context ctx) {
        TalkQuery query = TalkQuery.parse(ctx.queryParamMap(), Set.of("help", LITERAL));
        SearchPage page = withLag(search(ctx, query));
        if (TalkQuery.flag(ctx.queryParamMap(), "help")) {
            page = search.withHelpIfEmpty(page);
        }
        serverTiming(ctx, page);
        ctx.json(page);
    }

    /** A degraded page came from PostgreSQL, which is current; the engine's may miss what waits to be published. */
    private SearchPage withLag(SearchPage page) {
        return page.degraded() ? page : page.withCatchingUp(lag.behind());
    }

    /**
     * Server-Timing (shown by browsers' developer tools): the engine round trip, its own time, and hydration; the
     * same timings go to the metrics.
     */
    private void serverTiming(Context ctx, SearchPage page) {
        metrics.search(page);
        ctx.header("Server-Timing", String.format(java.util.Locale.ROOT,
                "engine;dur=%.1f, engine-took;dur=%d, hydrate;dur=%.1f",
                page.timings().engineNanos() / 1e6, page.engineMillis(), page.timings().hydrationNanos() / 1e6));
    }

    public void page(Context ctx) {
        TalkQuery typed = TalkQuery.parse(ctx.queryParamMap(), Set.of(LITERAL));
        SearchPage page = search.withHelpIfEmpty(withLag(search(ctx, typed)));
        serverTiming(ctx, page);
        TalkQuery query = page.query(); // with the words read as filters, if any were
        String heading = page.like() != null ? "Talks like “" + page.like().title() + "”"
                : query.hasText() ? "Talks matching “" + query.text() + "”" : "All talks";
        SearchLinks links = new SearchLinks("/", query);
        ctx.html(views.search(new SearchPageView(page, links, heading, "/",
                views.meta(SearchLinks.url("/", query.withPage(1).toParams())))));
    }
}
