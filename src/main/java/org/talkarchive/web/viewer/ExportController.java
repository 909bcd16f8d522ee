package org.talkarchive.web.viewer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.ui.SearchLinks;
import org.talkarchive.web.shared.Streaming;

/** Every matching talk as a CSV or JSON download, streamed batch by batch; and Atom feeds of any search. */
public final class ExportController {

    private static final int BATCH = 500;
    private static final int FEED_SIZE = 50;

    private final TalkSearchService search;
    private final TalkRepository talks;
    private final VideoEmbeds embeds;
    private final ObjectMapper json;
    private final AtomFeed feed;
    private final String publicBase; // absolute links use the configured public URL, never the request's Host
    private final ExportSlots slots;

    /** @param concurrentExports how many CSV and JSON downloads may run at once; more get 429 */
    public ExportController(TalkSearchService search, TalkRepository talks, VideoEmbeds embeds, ObjectMapper json,
                            AtomFeed feed, String publicBase, int concurrentExports) {
        this.slots = new ExportSlots(concurrentExports);
        this.search = search;
        this.talks = talks;
        this.embeds = embeds;
        this.json = json;
        this.feed = feed;
        this.publicBase = publicBase;
    }

    // Downloads need the engine for every batch. Without it the first batch fails before anything is sent, which
    // answers 503 (see WebServer); a failure midway aborts the download (see Streaming), never ends it as complete.

    public void csv(Context ctx) throws Exception {
        TalkQuery query = parseQuery(ctx);
        slots.run(ctx, () -> Streaming.streamOrAbort(ctx, () -> {
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"talks.csv\"");
            Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            TalkCsv csv = new TalkCsv(out, publicBase);
            search.export(query, BATCH, batch -> {
                try {
                    Map<Long, TalkRepository.DownloadDetail> details =
                            talks.downloadDetails(batch.stream().map(TalkSummary::id).toList());
                    for (TalkSummary t : batch) {
                        TalkRepository.DownloadDetail detail = details.get(t.id());
                        String video = detail == null ? "" : embeds.sources(detail.videos()).stream()
                                .map(VideoEmbeds.Source::url).filter(VideoEmbeds::isWebUrl).findFirst().orElse("");
                        csv.write(t, video, detail == null ? "" : detail.descriptionText());
                    }
                    csv.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.close(); // only a complete download ends normally
        }));
    }

    public void json(Context ctx) throws Exception {
        TalkQuery query = parseQuery(ctx);
        slots.run(ctx, () -> Streaming.streamOrAbort(ctx, () -> {
            ctx.contentType("application/json");
            ctx.header("Content-Disposition", "attachment; filename=\"talks.json\"");
            JsonGenerator out = json.getFactory().createGenerator(ctx.outputStream());
            out.writeStartArray();
            search.export(query, BATCH, batch -> {
                try {
                    for (TalkSummary t : batch) {
                        json.writeValue(out, t);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.writeEndArray();
            out.close();
        }));
    }

    public void atom(Context ctx) throws IOException {
        TalkQuery asked = parseQuery(ctx);
        Map<String, List<String>> newestParams = withNewest(asked.toParams());
        TalkQuery newest = TalkQuery.parse(newestParams, Set.of()).withPerPage(FEED_SIZE);
        List<TalkSummary> entries = search.search(newest).hits().stream().map(h -> h.talk()).toList();
        String base = publicBase;
        ctx.contentType("application/atom+xml; charset=utf-8");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            feed.write(out, "Talk Archive: " + describe(asked, talks), base + ctx.path() + query(ctx),
                    base + SearchLinks.url("/", newestParams), base, entries);
        }
    }

    private static TalkQuery parseQuery(Context ctx) {
        return TalkQuery.parse(ctx.queryParamMap(), Set.of());
    }

    private static Map<String, List<String>> withNewest(Map<String, List<String>> params) {
        Map<String, List<String>> p = new java.util.LinkedHashMap<>(params);
        p.remove("page");
        p.remove("per_page");
        p.put("sort", List.of("newest"));
        return p;
    }

    /** The feed's title: its words, and each filter by name ("speaker Ana García"), not by slug. */
    static String describe(TalkQuery q, TalkRepository talks) {
        StringBuilder s = new StringBuilder(q.hasText() ? "“" + q.text() + "”" : "newest talks");
        q.filters().forEach((facet, values) -> s.append(", ").append(facet.param()).append(' ')
                .append(String.join(" or ", values.stream().map(v -> facet.nameInFeedTitles(v, talks)).toList())));
        return s.toString();
    }

    private static String query(Context ctx) {
        return ctx.queryString() == null || ctx.queryString().isEmpty() ? "" : "?" + ctx.queryString();
    }
}
