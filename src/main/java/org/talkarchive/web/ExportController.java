package org.talkarchive.web;

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
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TagRef;
import org.talkarchive.talks.Talks.TalkSummary;

/** Every matching talk as a CSV or JSON download, streamed batch by batch; and Atom feeds of any search. */
final class ExportController {

    private static final int BATCH = 500;
    private static final int FEED_SIZE = 50;
    private static final List<String> CSV_COLUMNS = List.of("id", "title", "speakers", "event", "event_title",
            "recorded", "duration_seconds", "language", "tags", "url");

    private final TalkSearchService search;
    private final ObjectMapper json;
    private final AtomFeed feed;
    private final String publicBase; // absolute links use the configured public URL, never the request's Host

    ExportController(TalkSearchService search, ObjectMapper json, AtomFeed feed, String publicBase) {
        this.search = search;
        this.json = json;
        this.feed = feed;
        this.publicBase = publicBase;
    }

    // Downloads need the engine for every batch. Without it the first batch fails before anything is sent, which
    // answers 503 (see WebServer); a failure midway aborts the download (see Streaming), never ends it as complete.

    void csv(Context ctx) throws Exception {
        TalkQuery query = parseQuery(ctx);
        String base = publicBase;
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"talks.csv\"");
        Streaming.streamOrAbort(ctx, () -> {
            Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            CsvWriter csv = new CsvWriter(out);
            csv.row(CSV_COLUMNS);
            search.export(query, BATCH, batch -> {
                try {
                    for (TalkSummary t : batch) {
                        csv.row(List.of(Long.toString(t.id()), t.title(),
                                String.join("; ", t.speakers().stream().map(SpeakerRef::name).toList()),
                                t.event().slug(), t.event().title(),
                                t.recorded() == null ? "" : t.recorded().toString(),
                                t.durationSeconds() == null ? "" : t.durationSeconds().toString(),
                                t.language() == null ? "" : t.language(),
                                String.join("; ", t.tags().stream().map(TagRef::name).toList()),
                                base + t.path()));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.close(); // only a complete download ends normally
        });
    }

    void json(Context ctx) throws Exception {
        TalkQuery query = parseQuery(ctx);
        ctx.contentType("application/json");
        ctx.header("Content-Disposition", "attachment; filename=\"talks.json\"");
        Streaming.streamOrAbort(ctx, () -> {
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
        });
    }

    void atom(Context ctx) throws IOException {
        TalkQuery asked = parseQuery(ctx);
        Map<String, List<String>> newestParams = withNewest(asked.toParams());
        TalkQuery newest = TalkQuery.parse(newestParams, Set.of()).withPerPage(FEED_SIZE);
        List<TalkSummary> talks = search.search(newest).hits().stream().map(h -> h.talk()).toList();
        String base = publicBase;
        ctx.contentType("application/atom+xml; charset=utf-8");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            feed.write(out, "Talk Archive: " + describe(asked), base + ctx.path() + query(ctx),
                    base + SearchLinks.url("/", newestParams), base, talks);
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

    private static String describe(TalkQuery q) {
        StringBuilder s = new StringBuilder(q.hasText() ? "“" + q.text() + "”" : "newest talks");
        append(s, "event", q.events());
        append(s, "speaker", q.speakers());
        append(s, "tag", q.tags());
        append(s, "language", q.languages());
        append(s, "year", q.years().stream().map(String::valueOf).toList());
        return s.toString();
    }

    private static void append(StringBuilder s, String name, List<String> values) {
        if (!values.isEmpty()) {
            s.append(", ").append(name).append(' ').append(String.join(" or ", values));
        }
    }

    private static String query(Context ctx) {
        return ctx.queryString() == null || ctx.queryString().isEmpty() ? "" : "?" + ctx.queryString();
    }
}
