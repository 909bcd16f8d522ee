package org.talkarchive.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SuggestService;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.Paths;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.Talks;
import org.talkarchive.ui.SearchLinks;
import org.talkarchive.ui.SearchPageView;

/** The search page and its JSON twin, plus speaker and event pages (a search scoped to one of them). */
public final class SearchController {

    private final TalkSearchService search;
    private final SuggestService suggestions;
    private final TalkRepository talks;
    private final Views views;
    private final ArchiveMetrics metrics;

    public SearchController(TalkSearchService search, SuggestService suggestions, TalkRepository talks, Views views,
                            ArchiveMetrics metrics) {
        this.metrics = metrics;
        this.search = search;
        this.suggestions = suggestions;
        this.talks = talks;
        this.views = views;
    }

    void apiSuggest(Context ctx) {
        ctx.json(Map.of("suggestions", suggestions.suggest(ctx.queryParam("q"), 5)));
    }

    void apiSearch(Context ctx) {
        TalkQuery query = TalkQuery.parse(ctx.queryParamMap(), Set.of("help"));
        SearchPage page = search.search(query);
        if ("true".equals(ctx.queryParam("help"))) {
            page = search.withHelpIfEmpty(page);
        }
        serverTiming(ctx, page);
        ctx.json(page);
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

    void page(Context ctx) {
        TalkQuery query = TalkQuery.parse(ctx.queryParamMap(), Set.of());
        SearchPage page = search.withHelpIfEmpty(search.search(query));
        serverTiming(ctx, page);
        String heading = query.hasText() ? "Talks matching “" + query.text() + "”" : "All talks";
        render(ctx, page, new SearchLinks("/", query), heading, "/");
    }

    void speakerPage(Context ctx) {
        Optional<Talks.Speaker> found = talks.speaker(ctx.pathParam("slug"));
        if (found.isEmpty()) {
            // speaker slugs are lower case by construction
            String lower = ctx.pathParam("slug").toLowerCase(Locale.ROOT);
            CanonicalRedirect.toOrNotFound(ctx, talks.speaker(lower).map(s -> Paths.speaker(s.slug())),
                    "No speaker " + ctx.pathParam("slug"));
            return;
        }
        Talks.Speaker speaker = found.get();
        TalkQuery query = TalkQuery.parse(scoped(ctx, "speaker", speaker.slug()), Set.of());
        render(ctx, search.search(query), new SearchLinks("/", query), "Talks by " + speaker.name(), "/");
    }

    void eventPage(Context ctx) {
        Optional<Talks.Event> found = talks.event(ctx.pathParam("slug"));
        if (found.isEmpty()) {
            CanonicalRedirect.toOrNotFound(ctx, talks.eventPathIgnoringCase(ctx.pathParam("slug")),
                    "No event " + ctx.pathParam("slug"));
            return;
        }
        Talks.Event event = found.get();
        TalkQuery query = TalkQuery.parse(scoped(ctx, "event", event.slug()), Set.of());
        render(ctx, search.search(query), new SearchLinks("/", query), event.title(), "/");
    }

    void apiSpeaker(Context ctx) {
        ctx.json(talks.speaker(ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("No speaker " + ctx.pathParam("slug"))));
    }

    void apiEvent(Context ctx) {
        ctx.json(talks.event(ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("No event " + ctx.pathParam("slug"))));
    }

    private static Map<String, List<String>> scoped(Context ctx, String facet, String value) {
        Map<String, List<String>> params = new LinkedHashMap<>(ctx.queryParamMap());
        params.put(facet, List.of(value));
        return params;
    }

    private void render(Context ctx, SearchPage page, SearchLinks links, String heading, String action) {
        ctx.html(views.search(new SearchPageView(page, links, heading, action)));
    }
}
