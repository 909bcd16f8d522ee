package org.talkarchive.importer;

import org.talkarchive.text.Names;
import org.talkarchive.transcripts.CaptionFileException;
import org.talkarchive.transcripts.CaptionFormat;
import org.talkarchive.transcripts.CaptionParser;
import org.talkarchive.transcripts.Cue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.talkarchive.importer.CorpusRecords.Captions;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Link;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.CorpusRecords.Video;

/**
 * Reads the pyvideo data layout: {@code <event>/category.json} and {@code <event>/videos/<talk>.json}, plus
 * {@code NO_PUBLISH.json} at the top, and a talk's captions beside its record: {@code <event>/videos/<talk>.vtt}
 * (WebVTT) or {@code <talk>.srt} (SubRip), the file name of the record with the other extension. A caption file
 * that cannot be read is a {@link Rejection} naming its line; the talk itself is still imported. Every record is checked against the corpus' JSON Schemas and a few rules of
 * our own; a bad record becomes a {@link Rejection} naming the file and the reason, and reading goes on.
 */
public final class PyvideoCorpusReader {

    public record Corpus(List<Event> events, List<Rejection> rejections, Set<Integer> noPublish) {
    }

    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{3}$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.+");
    private static final Pattern WEB_URL = Pattern.compile("^https?://[^\\s\"<>]+$");
    private static final Pattern EVENT_SLUG = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._,-]*$");

    private final ObjectMapper json;

    public PyvideoCorpusReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads the whole corpus into memory; the importer streams instead, an event at a time (see {@link #open}).
     *
     * @param root     the corpus folder
     * @param progress called with the number of talk files read so far, from any thread
     */
    public Corpus read(Path root, IntConsumer progress) {
        Folder folder = open(root);
        List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger read = new AtomicInteger();
        List<Event> events = folder.eventDirs().parallelStream()
                .map(dir -> folder.event(dir, rejections, () -> progress.accept(read.incrementAndGet()), true))
                .filter(java.util.Objects::nonNull)
                .toList();
        List<Rejection> sorted = new ArrayList<>(rejections);
        sorted.sort((a, b) -> a.file().compareTo(b.file()));
        return new Corpus(events, sorted, folder.noPublish(sorted));
    }

    /** The corpus folder with its schemas loaded and its event folders listed, to be read an event at a time. */
    public Folder open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Not a folder: " + root);
        }
        return new Folder(root, schema(root, "category.json", SpecificationVersion.DRAFT_4),
                schema(root, "video.json", SpecificationVersion.DRAFT_7), eventDirs(root));
    }

    /** A corpus folder, read an event at a time, from any thread. */
    public final class Folder {
        private final Path root;
        private final Schema eventSchema;
        private final Schema talkSchema;
        private final List<Path> eventDirs;

        private Folder(Path root, Schema eventSchema, Schema talkSchema, List<Path> eventDirs) {
            this.root = root;
            this.eventSchema = eventSchema;
            this.talkSchema = talkSchema;
            this.eventDirs = eventDirs;
        }

        /** The event folders, sorted. */
        public List<Path> eventDirs() {
            return eventDirs;
        }

        /**
         * Reads one event folder; null when its category.json is rejected (its talks are not read).
         *
         * @param rejections gets every bad record met (thread-safe if events are read in parallel)
         * @param talkFileRead called after each talk file
         * @param captions also read the talks' caption files (and report the bad or stray ones)
         */
        public Event event(Path dir, List<Rejection> rejections, Runnable talkFileRead, boolean captions) {
            return readEvent(dir, eventSchema, talkSchema, rejections, talkFileRead, captions);
        }

        /** The source ids of NO_PUBLISH.json; entries that are not ids go to {@code rejections}. */
        public Set<Integer> noPublish(List<Rejection> rejections) {
            return readNoPublish(root, rejections);
        }
    }

    /** How many talk files {@link #read} will read: only lists folders, so it is quick enough to give a total. */
    public int countTalkFiles(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Not a folder: " + root);
        }
        return eventDirs(root).stream().map(dir -> dir.resolve("videos")).filter(Files::isDirectory)
                .mapToInt(videos -> talkFiles(videos).size()).sum();
    }

    private static List<Path> eventDirs(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> Files.isRegularFile(d.resolve("category.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> talkFiles(Path videos) {
        try (Stream<Path> list = Files.list(videos)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Event readEvent(Path dir, Schema eventSchema, Schema talkSchema, List<Rejection> rejections,
                            Runnable talkFileRead, boolean captions) {
        Path file = dir.resolve("category.json");
        String slug = dir.getFileName().toString();
        JsonNode node;
        try {
            node = parse(file);
            requireValid(eventSchema, node);
            if (!EVENT_SLUG.matcher(slug).matches()) {
                throw new InvalidRecord("folder name '" + slug + "' is not a usable event slug");
            }
        } catch (InvalidRecord e) {
            rejections.add(new Rejection(file, e.getMessage() + " (the event's talks were not read)"));
            return null;
        }
        LocalDate start;
        LocalDate end;
        try {
            start = date(node, "start_date");
            end = date(node, "end_date");
            if (start != null && end != null && end.isBefore(start)) {
                throw new InvalidRecord("end_date " + end + " is before start_date " + start);
            }
        } catch (InvalidRecord e) {
            rejections.add(new Rejection(file, e.getMessage() + " (the event's talks were not read)"));
            return null;
        }
        List<Talk> talks = new ArrayList<>();
        List<String> rejectedSlugs = new ArrayList<>();
        Path videos = dir.resolve("videos");
        if (Files.isDirectory(videos)) {
            List<Path> files = talkFiles(videos);
            Set<String> slugs = new HashSet<>();
            Set<String> recordNames = new HashSet<>();
            files.forEach(f -> recordNames.add(f.getFileName().toString().replaceFirst("\\.json$", "")));
            for (Path caption : captions ? captionFiles(videos) : List.<Path>of()) {
                String base = caption.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                if (!recordNames.contains(base)) {
                    rejections.add(new Rejection(caption, "no talk record " + base + ".json beside it; ignored"));
                }
            }
            for (Path talkFile : files) {
                String fileName = talkFile.getFileName().toString().replaceFirst("\\.json$", "");
                // A stray space in a file name ("a bout") must not cost the talk: runs of white space become "-".
                String talkSlug = fileName.trim().replaceAll("\\s+", "-");
                try {
                    if (!slugs.add(talkSlug)) {
                        throw new InvalidRecord("slug '" + talkSlug + "' is taken by another file of this event");
                    }
                    Talk talk = readTalk(talkFile, talkSlug, talkSchema);
                    talks.add(captions ? withCaptions(talk, videos, fileName, rejections) : talk);
                } catch (InvalidRecord e) {
                    rejections.add(new Rejection(talkFile, e.getMessage()));
                    rejectedSlugs.add(talkSlug);
                }
                talkFileRead.run();
            }
        }
        return new Event(slug, Names.clean(node.get("title").asText()), text(node, "description"), start, end,
                text(node, "url"), talks, rejectedSlugs);
    }

    private Talk readTalk(Path file, String slug, Schema schema) {
        JsonNode node = parse(file);
        requireValid(schema, node);
        if (slug.isBlank() || slug.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidRecord("file name '" + slug + "' is not a usable talk slug");
        }
        String title = Names.clean(node.get("title").asText());
        if (title.isEmpty()) {
            throw new InvalidRecord("title is empty");
        }
        String language = text(node, "language");
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new InvalidRecord("language '" + language + "' is not an ISO 639-3 code (three lower-case letters)");
        }
        Integer duration = node.hasNonNull("duration") ? node.get("duration").asInt() : null;
        if (duration != null && duration < 0) {
            throw new InvalidRecord("duration " + duration + " is negative");
        }
        LocalDate recorded = null;
        String recordedText = text(node, "recorded");
        if (recordedText != null) {
            recorded = parseDate("recorded", recordedText.substring(0, Math.min(10, recordedText.length())));
        }
        List<Video> videos = new ArrayList<>();
        for (JsonNode v : node.get("videos")) {
            String url = v.get("url").asText().trim();
            if (!SCHEME.matcher(url).matches()) {
                throw new InvalidRecord("video url '" + url + "' is not an absolute URL");
            }
            Long size = v.hasNonNull("size") ? Long.valueOf(v.get("size").asLong())
                    : v.hasNonNull("length") ? Long.valueOf(v.get("length").asLong()) : null;
            videos.add(new Video(v.get("type").asText().trim(), url, size != null && size >= 0 ? size : null));
        }
        List<Link> links = new ArrayList<>();
        Set<String> seenLinks = new HashSet<>();
        for (JsonNode l : iterable(node.get("related_urls"))) {
            String url = (l.isObject() ? l.path("url").asText() : l.asText()).trim();
            String label = l.isObject() ? Names.clean(l.path("label").asText(null)) : null;
            if (WEB_URL.matcher(url).matches() && seenLinks.add(url)) { // others cannot be offered as links
                links.add(new Link(url, label == null || label.isEmpty() ? null : label));
            }
        }
        return new Talk(file, slug,
                node.hasNonNull("id") ? node.get("id").asInt() : null,
                title, text(node, "description"), text(node, "summary"), recorded, duration, language,
                webUrl(text(node, "thumbnail_url")), text(node, "copyright_text"), text(node, "quality_notes"),
                SpeakerNames.people(strings(node.get("speakers"))),
                TagNames.tags(strings(node.get("tags"))),
                videos, links, null);
    }

    /**
     * The talk with its caption file, if it has one: {@code <name>.vtt}, else {@code <name>.srt} (both: the WebVTT
     * file is read and the other reported). A file that cannot be read is reported with its line and leaves the
     * talk's stored transcript as it was.
     */
    private static Talk withCaptions(Talk talk, Path videos, String name, List<Rejection> rejections) {
        Path vtt = videos.resolve(name + ".vtt");
        Path srt = videos.resolve(name + ".srt");
        Path file;
        CaptionFormat format;
        if (Files.isRegularFile(vtt)) {
            file = vtt;
            format = CaptionFormat.VTT;
            if (Files.isRegularFile(srt)) {
                rejections.add(new Rejection(srt, "ignored: the WebVTT file " + vtt.getFileName()
                        + " beside it is the talk's transcript"));
            }
        } else if (Files.isRegularFile(srt)) {
            file = srt;
            format = CaptionFormat.SRT;
        } else {
            return talk;
        }
        String fileName = file.getFileName().toString();
        Captions captions;
        try {
            byte[] bytes = Files.readAllBytes(file);
            String hash = SourceHash.ofBytes(bytes);
            try {
                List<Cue> cues = CaptionParser.parse(fileName, bytes, format);
                captions = new Captions(fileName, format, cues, hash);
            } catch (CaptionFileException e) {
                rejections.add(new Rejection(file, (e.line() > 0 ? "line " + e.line() + ": " : "") + e.reason()
                        + " (the talk was imported; its transcript was left as it was)"));
                captions = new Captions(fileName, format, null, hash);
            }
        } catch (IOException e) {
            rejections.add(new Rejection(file, "unreadable: " + e.getMessage()
                    + " (the talk was imported; its transcript was left as it was)"));
            captions = new Captions(fileName, format, null, "unreadable");
        }
        return new Talk(talk.file(), talk.slug(), talk.sourceId(), talk.title(), talk.description(), talk.summary(),
                talk.recorded(), talk.durationSeconds(), talk.language(), talk.thumbnailUrl(), talk.copyright(),
                talk.qualityNotes(), talk.speakers(), talk.tags(), talk.videos(), talk.relatedLinks(), captions);
    }

    private static List<Path> captionFiles(Path videos) {
        try (Stream<Path> list = Files.list(videos)) {
            return list.filter(p -> CaptionFormat.byExtension(p.getFileName().toString()).isPresent())
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRecord("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new InvalidRecord("unreadable: " + e.getMessage());
        }
    }

    /**
     * The validator reads Jackson 3 trees and the records are Jackson 2 ones: it is handed the record as text (a
     * record is a few kilobytes; the import reads each once).
     */
    private void requireValid(Schema schema, JsonNode node) {
        List<Error> errors;
        try {
            errors = schema.validate(json.writeValueAsString(node), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRecord(errors.stream().map(PyvideoCorpusReader::message).sorted()
                    .collect(Collectors.joining("; ")));
        }
    }

    /** Where in the record and what, as "$.field: message" (the form of the validator's 1.x messages). */
    private static String message(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }

    private Set<Integer> readNoPublish(Path root, List<Rejection> rejections) {
        Path file = root.resolve("NO_PUBLISH.json");
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try {
            JsonNode node = json.readTree(file.toFile());
            Set<Integer> ids = new HashSet<>();
            for (JsonNode id : iterable(node)) {
                if (id.canConvertToInt()) {
                    ids.add(id.asInt());
                } else {
                    rejections.add(new Rejection(file, "entry " + id + " is not a video id"));
                }
            }
            return Set.copyOf(ids);
        } catch (IOException e) {
            // Publishing what the owners asked us not to is worse than not importing: stop here.
            throw new IllegalStateException(file + " is unreadable, so the import cannot honour it: " + e.getMessage());
        }
    }

    private Schema schema(Path root, String name, SpecificationVersion version) {
        Path own = root.resolve(".schemas").resolve(name);
        try (InputStream in = Files.isRegularFile(own) ? Files.newInputStream(own)
                : PyvideoCorpusReader.class.getResourceAsStream("/pyvideo-schemas/" + name)) {
            // Formats are not asserted, as the corpus' own checks do not: a space in a thumbnail URL must not cost
            // a talk. URLs get rules of our own in readTalk instead.
            SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(false).build();
            return SchemaRegistry.withDefaultDialect(version, registry -> registry.schemaRegistryConfig(config))
                    .getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema " + name, e);
        }
    }

    /** A thumbnail that is not a plain web URL is left out rather than shown broken. */
    private static String webUrl(String url) {
        return url != null && WEB_URL.matcher(url).matches() ? url : null;
    }

    private static LocalDate date(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : parseDate(field, value);
    }

    private static LocalDate parseDate(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRecord(field + " '" + value + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode n : iterable(array)) {
            values.add(n.asText());
        }
        return values;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node == null || !node.isArray() ? List.of() : node;
    }

    /** A record that breaks a rule; its message is the reason shown to the user. */
    static final class InvalidRecord extends RuntimeException {
        InvalidRecord(String message) {
            super(message, null, false, false);
        }
    }
}
