package org.talkarchive.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.talkarchive.text.Names;

/**
 * Reads the search box as people type in it: words naming an event ("pydata berlin 2018 visualization",
 * "djangocon 2019 testing") or a speaker ("guido van rossum typing") become that facet's filter, and the rest stays
 * the words to search. Only a search from the box is read so (words and no selection yet); the page shows what was
 * understood, as the filters' removable chips, with a way to search for all the words instead.
 *
 * <p>An event is named by its series' first word and its year ("europython 2017"); where several events of that
 * year share the first word, the ones whose other words are typed too win ("pydata berlin 2018" is PyData Berlin,
 * not PyData London), and if none is told apart, all of them are selected ("djangocon 2019": US and Europe). A
 * speaker is named by their whole name of two words or more, in order, accents and case aside.
 */
public final class QueryUnderstanding {

    /** An event as the box may name it: its slug, the words of its series' name, and its year. */
    public record EventName(String slug, List<String> seriesWords, int year) {
    }

    /** A speaker as the box may name them: their slug and the words of their name. */
    public record SpeakerName(String slug, List<String> words) {
    }

    /** Every name the box may use. */
    public record Lexicon(List<EventName> events, List<SpeakerName> speakers) {
    }

    /**
     * What was understood: the query to run instead, and the words of the original that became filters.
     *
     * @param query    the words left, with the understood filters selected
     * @param original the query as typed
     * @param taken    the typed words read as filters, in the order typed
     */
    public record Understood(TalkQuery query, TalkQuery original, List<String> taken) {
    }

    /** How long names are kept before they are read again (new events and speakers appear by import). */
    static final Duration KEPT = Duration.ofMinutes(5);
    private static final Pattern YEAR = Pattern.compile("(19|20)\\d{2}");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Supplier<Lexicon> names;
    private final Clock clock;
    private volatile Lexicon lexicon;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile Map<String, List<SpeakerName>> speakersByFirstWord = Map.of();

    public QueryUnderstanding(Supplier<Lexicon> names, Clock clock) {
        this.names = names;
        this.clock = clock;
    }

    /** The query as understood, if any of its words name an event or a speaker; empty otherwise. */
    public Optional<Understood> understand(TalkQuery query) {
        if (!query.hasText() || query.hasFilters() || query.text().contains("\"")) {
            return Optional.empty();
        }
        Lexicon known = lexicon();
        List<String> typed = Arrays.stream(query.text().trim().split("\\s+")).toList();
        List<String> words = typed.stream().map(w -> NOT_WORD.matcher(Names.fold(w)).replaceAll("")).toList();
        Set<Integer> taken = new HashSet<>();
        Map<FacetField, List<String>> filters = new EnumMap<>(FacetField.class);

        List<String> events = events(known.events(), words, taken);
        if (!events.isEmpty()) {
            filters.put(FacetField.EVENT, events);
        }
        List<String> speakers = speaker(words, taken);
        if (!speakers.isEmpty()) {
            filters.put(FacetField.SPEAKER, speakers);
        }
        if (filters.isEmpty()) {
            return Optional.empty();
        }
        List<String> left = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) {
            (taken.contains(i) ? read : left).add(typed.get(i));
        }
        TalkQuery understood = new TalkQuery(String.join(" ", left), filters, null, null, query.sort(),
                query.page(), query.perPage(), query.more(), null);
        return Optional.of(new Understood(understood, query, read));
    }

    /** The slugs of the events the words name; marks the words used. */
    private static List<String> events(List<EventName> events, List<String> words, Set<Integer> taken) {
        for (int y = 0; y < words.size(); y++) {
            if (!YEAR.matcher(words.get(y)).matches()) {
                continue;
            }
            int year = Integer.parseInt(words.get(y));
            int best = 0;
            List<EventName> named = new ArrayList<>();
            Set<Integer> bestWords = Set.of();
            for (EventName event : events) {
                if (event.year() != year || event.seriesWords().isEmpty()) {
                    continue;
                }
                int first = words.indexOf(event.seriesWords().get(0));
                if (first < 0) {
                    continue;
                }
                Set<Integer> used = new LinkedHashSet<>();
                for (String w : event.seriesWords()) {
                    int at = words.indexOf(w);
                    if (at >= 0) {
                        used.add(at);
                    }
                }
                // a whole series name typed beats a part of one
                int score = used.size() * 2 + (used.size() == event.seriesWords().size() ? 1 : 0);
                if (score > best) {
                    best = score;
                    named.clear();
                    bestWords = used;
                }
                if (score == best) {
                    named.add(event);
                    Set<Integer> union = new HashSet<>(bestWords);
                    union.addAll(used);
                    bestWords = union;
                }
            }
            if (!named.isEmpty()) {
                taken.add(y);
                taken.addAll(bestWords);
                return named.stream().map(EventName::slug).toList();
            }
        }
        return List.of();
    }

    /** The slug of the speaker whose whole name the words spell (the longest such name); marks the words used. */
    private List<String> speaker(List<String> words, Set<Integer> taken) {
        SpeakerName found = null;
        int foundAt = -1;
        for (int i = 0; i < words.size(); i++) {
            if (taken.contains(i)) {
                continue;
            }
            for (SpeakerName speaker : speakersByFirstWord.getOrDefault(words.get(i), List.of())) {
                int n = speaker.words().size();
                if (i + n <= words.size() && words.subList(i, i + n).equals(speaker.words())
                        && (found == null || n > found.words().size())) {
                    found = speaker;
                    foundAt = i;
                }
            }
        }
        if (found == null) {
            return List.of();
        }
        for (int i = foundAt; i < foundAt + found.words().size(); i++) {
            taken.add(i);
        }
        return List.of(found.slug());
    }

    private Lexicon lexicon() {
        Instant now = clock.instant();
        Lexicon known = lexicon;
        if (known == null || now.isAfter(readAt.plus(KEPT))) {
            synchronized (this) {
                if (lexicon == null || now.isAfter(readAt.plus(KEPT))) {
                    Lexicon read = names.get();
                    Map<String, List<SpeakerName>> byFirst = new java.util.HashMap<>();
                    read.speakers().stream().filter(s -> s.words().size() >= 2)
                            .forEach(s -> byFirst.computeIfAbsent(s.words().get(0), k -> new ArrayList<>()).add(s));
                    speakersByFirstWord = byFirst;
                    lexicon = read;
                    readAt = now;
                }
                known = lexicon;
            }
        }
        return known;
    }

    /**
     * Words that open an English question. Only English: the model that reads meaning is English, and weighing it
     * more for a question in Spanish or German lost talks the words had found (docs/search-by-meaning.md).
     * "was" is left out: it opens German questions far more often than English ones.
     */
    private static final Set<String> ASKING = Set.of(
            "how", "what", "whats", "why", "when", "where", "which", "who", "whom", "whose", "can", "could", "should",
            "would", "will", "is", "are", "were", "do", "does", "did", "has", "have", "may", "shall");

    /**
     * Whether the box asks a question in English ("how can I …", "why is …", "is python fast enough?"): its subject
     * is then said in a few words among many that only ask, and search by meaning weighs more.
     */
    public static boolean isQuestion(String text) {
        List<String> words = words(text);
        // a one- or two-word box ("how to") is a topic, not a question
        return words.size() >= 3 && ASKING.contains(words.get(0));
    }

    /** The words of a name as the box is read: folded, without punctuation. */
    public static List<String> words(String name) {
        return Arrays.stream(Names.fold(name).split("\\s+"))
                .map(w -> NOT_WORD.matcher(w).replaceAll("")).filter(w -> !w.isEmpty()).toList();
    }
}
