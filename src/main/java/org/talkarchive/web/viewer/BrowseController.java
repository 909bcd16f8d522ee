package org.talkarchive.web.viewer;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.search.WholeNumbers;
import org.talkarchive.talks.Catalog;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.ui.BrowsePages;
import org.talkarchive.ui.Formats;
import org.talkarchive.web.shared.CanonicalRedirect;
import org.talkarchive.web.shared.Streaming;
import org.talkarchive.web.shared.Views;

/**
 * The pages viewers browse, each with its JSON twin: a speaker, an event, a series, the index of events (by
 * series) and of speakers (A–Z, or filtered), and the sitemap. All of it comes from PostgreSQL.
 */
public final class BrowseController {

    // Pages of these sizes stay under the 60 KB budget of issue 31 on the full corpus (docs/pages.md#page-weight).
    private static final int SPEAKERS_PER_PAGE = 200;
    private static final int SERIES_PER_PAGE = 50;

    private final Catalog catalog;
    private final TalkRepository talks;
    private final Views views;
    private final Sitemap sitemap;

    public BrowseController(Catalog catalog, TalkRepository talks, Views views, String publicBase) {
        this(catalog, talks, views, new Sitemap(catalog, publicBase, Sitemap.MAX_URLS));
    }

    BrowseController(Catalog catalog, TalkRepository talks, Views views, Sitemap sitemap) {
        this.catalog = catalog;
        this.talks = talks;
        this.views = views;
        this.sitemap = sitemap;
    }

    public void speakerPage(Context ctx) {
        Optional<Catalog.SpeakerProfile> found = catalog.speaker(ctx.pathParam("slug"));
        if (found.isEmpty()) {
            CanonicalRedirect.toOrNotFound(ctx, talks.canonicalSpeakerSlug(ctx.pathParam("slug")).map(PagePaths::speaker),
                    "No speaker " + ctx.pathParam("slug"));
            return;
        }
        Catalog.SpeakerProfile profile = found.get();
        String slug = profile.speaker().slug();
        String about = profile.speaker().name() + ": " + Formats.count(profile.speaker().talkCount())
                + (profile.speaker().talkCount() == 1 ? " talk" : " talks")
                + (profile.events().isEmpty() ? "" : " at " + String.join(", ", profile.events().stream().limit(5)
                .map(Catalog.Count::name).toList()));
        ctx.html(views.speaker(new BrowsePages.SpeakerPage(profile, "/api/speakers/" + PagePaths.encode(slug),
                views.meta(PagePaths.speaker(slug), about, null, "profile"))));
    }

    public void apiSpeaker(Context ctx) {
        ctx.json(catalog.speaker(ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("No speaker " + ctx.pathParam("slug"))));
    }

    public void eventPage(Context ctx) {
        Optional<Catalog.EventPage> found = catalog.event(ctx.pathParam("slug"));
        if (found.isEmpty()) {
            CanonicalRedirect.toOrNotFound(ctx, talks.eventPathIgnoringCase(ctx.pathParam("slug")),
                    "No event " + ctx.pathParam("slug"));
            return;
        }
        Catalog.EventPage event = found.get();
        String slug = event.event().slug();
        String about = event.event().title() + ": " + Formats.count(event.event().talkCount())
                + (event.event().talkCount() == 1 ? " talk" : " talks")
                + (event.event().startDate() == null ? "" : ", " + event.event().startDate());
        ctx.html(views.event(new BrowsePages.EventPage(event, "/api/events/" + PagePaths.encode(slug),
                views.meta(PagePaths.event(slug), about, null, null))));
    }

    public void apiEvent(Context ctx) {
        ctx.json(catalog.event(ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("No event " + ctx.pathParam("slug"))));
    }

    /** The home page ({@code /} without parameters): the box, then what is new and what is most talked about. */
    public void home(Context ctx) {
        ctx.html(views.home(new BrowsePages.HomePage(catalog.home(12, 8), "/api/talks", "/feed.atom",
                views.meta("/", "Conference talks about Python: search them by title, speaker, event, tag or what"
                        + " was said.", null, null))));
    }

    public void eventsIndex(Context ctx) {
        Catalog.EventsIndex index = eventsIndexPage(ctx);
        String self = BrowsePages.EventsIndex.href(index.page());
        ctx.html(views.events(new BrowsePages.EventsIndex(index, "/api" + self,
                views.meta(self, "Every conference and meetup in the archive, by series.", null, null))));
    }

    public void apiEvents(Context ctx) {
        ctx.json(eventsIndexPage(ctx));
    }

    public void seriesPage(Context ctx) {
        Catalog.Series series = series(ctx);
        ctx.html(views.series(new BrowsePages.SeriesPage(series, "/api/series/" + PagePaths.encode(series.slug()),
                views.meta(series.path(), series.name() + ": " + series.events().size() + " events, "
                        + Formats.count(series.talkCount()) + " talks", null, null))));
    }

    public void apiSeries(Context ctx) {
        ctx.json(series(ctx));
    }

    public void speakersIndex(Context ctx) {
        Catalog.SpeakerIndex index = speakerIndex(ctx);
        ctx.html(views.speakers(new BrowsePages.SpeakersIndex(index,
                BrowsePages.SpeakersIndex.href("/api/speakers", index, index.page()),
                views.meta(BrowsePages.SpeakersIndex.href("/speakers", index, index.page()),
                        "Every speaker in the archive, A–Z.", null, null))));
    }

    public void apiSpeakers(Context ctx) {
        ctx.json(speakerIndex(ctx));
    }

    public void sitemap(Context ctx) throws Exception {
        ctx.contentType("application/xml; charset=utf-8");
        Streaming.streamOrAbort(ctx, () -> {
            Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            sitemap.writeMain(out);
            out.close();
        });
    }

    public void sitemapPart(Context ctx) throws Exception {
        String name = ctx.pathParam("part");
        int part;
        try {
            part = Integer.parseInt(name.replaceFirst("\\.xml$", ""));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("No sitemap " + name);
        }
        if (!name.endsWith(".xml") || part < 1 || part > sitemap.parts()) {
            throw new NotFoundResponse("No sitemap " + name);
        }
        ctx.contentType("application/xml; charset=utf-8");
        Streaming.streamOrAbort(ctx, () -> {
            Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            sitemap.writePart(out, part);
            out.close();
        });
    }

    private Catalog.Series series(Context ctx) {
        return catalog.series(ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("No series " + ctx.pathParam("slug")));
    }

    private Catalog.EventsIndex eventsIndexPage(Context ctx) {
        onlyParameters(ctx, "page");
        Catalog.EventsIndex index = catalog.series(page(ctx), SERIES_PER_PAGE);
        requireExisting(index.page(), index.pages());
        return index;
    }

    private Catalog.SpeakerIndex speakerIndex(Context ctx) {
        onlyParameters(ctx, "letter", "page", "q");
        String letter = ctx.queryParam("letter");
        if (letter != null && letter.codePointCount(0, letter.length()) > 1) {
            throw new InvalidParameterException("letter", "must be one letter, was '" + letter + "'");
        }
        String filter = ctx.queryParam("q");
        if (filter != null && filter.length() > 200) {
            throw new InvalidParameterException("q", "must be at most 200 characters");
        }
        Catalog.SpeakerIndex index = catalog.speakers(filter, letter, page(ctx), SPEAKERS_PER_PAGE);
        requireExisting(index.page(), index.pages());
        return index;
    }

    private static void onlyParameters(Context ctx, String... known) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Arrays.asList(known).contains(name)) {
                throw new InvalidParameterException(name, "unknown parameter '" + name + "'; known are "
                        + String.join(", ", known));
            }
        }
    }

    /** The {@code page} parameter: a whole number from 1 (1 when absent). */
    private static int page(Context ctx) {
        return WholeNumbers.parse(ctx.queryParam("page"), "page", 1, 1, Integer.MAX_VALUE);
    }

    /** A page past the last one is a bad {@code page} too (a link gone stale, or a typo), not an empty list. */
    private static void requireExisting(int page, int pages) {
        if (page > pages) {
            throw new InvalidParameterException("page", "must be from 1 to " + pages + " (the pages there are), was "
                    + page);
        }
    }
}
