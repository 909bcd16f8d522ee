package org.talkarchive.relevance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.talkarchive.relevance.CorpusSnapshot.Talk;
import org.talkarchive.text.Names;

/**
 * Builds the judged query set from the corpus as imported, with a fixed seed: the same corpus and seed give the same
 * queries and judgments. Words are compared folded (lower case, no accents, {@link Names#fold}) and split at
 * anything that is not a letter or digit. Relevance is binary, and judged from the data, never from either search:
 *
 * <ul>
 *   <li><b>title keywords</b>: two or three of the four rarest words of one title (rarest by how many titles hold
 *       them; not stop words, three letters or more, not numbers); relevant: every talk whose title holds them all;</li>
 *   <li><b>other inflections</b>: the same, with every chosen word that {@link Inflections} can re-inflect into a
 *       word that English talks (or talks of no stated language) use three times or more in titles and descriptions
 *       re-inflected (at least one must change); relevant: every talk whose title holds each chosen word in its
 *       original or its new form;</li>
 *   <li><b>speaker with a typo</b>: a speaker's name (two words or more) with one edit (a letter replaced, left out or
 *       added) in a word of five letters or more, never its first letter; relevant: that speaker's talks. An edit
 *       that yields another speaker's name is dropped;</li>
 *   <li><b>event + year</b>: an event title's year with its first word or all its other words ("djangocon 2019",
 *       "djangocon us 2019"); relevant: every talk of every event of that year whose title holds those words;</li>
 *   <li><b>natural sentence</b>: two or three rare title words, chosen as for title keywords, in a sentence of common
 *       filler ("how to …", "talk about …"); relevant: every talk whose title holds the title words.</li>
 * </ul>
 *
 * Left out as degenerate: titles that three or more talks share ("Lightning talks", "Keynote"), titles with fewer
 * than two usable words, title-based queries with more than {@value #MAX_RELEVANT} relevant talks, and a text that
 * was already generated.
 */
public final class QuerySetGenerator {

    static final int MAX_RELEVANT = 20;
    private static final int MAX_SHARED_TITLE = 2;
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern YEAR = Pattern.compile("\\b(19|20)\\d\\d\\b");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "before", "but", "by", "can", "do",
            "does", "for", "from", "get", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "just",
            "more", "my", "new", "not", "of", "on", "or", "our", "out", "over", "so", "than", "that", "the", "their",
            "them", "then", "there", "these", "they", "this", "to", "too", "up", "us", "vs", "was", "we", "what",
            "when", "where", "which", "who", "why", "will", "with", "without", "you", "your");
    private static final List<String> FILLERS = List.of(
            "how to %s", "talk about %s", "a talk on %s", "what is %s", "i want to learn about %s",
            "video on %s", "presentation about %s", "tell me about %s");

    private final List<Talk> talks;
    private final Random random;
    private final List<List<String>> titleWords = new ArrayList<>();   // lower case, as written
    private final List<List<String>> titleKeys = new ArrayList<>();    // folded, parallel to titleWords
    private final List<Set<String>> titleKeySets = new ArrayList<>();
    private final Map<String, Integer> titleFrequency = new HashMap<>();
    private final Map<String, Integer> sharedTitles = new HashMap<>();
    private final Set<String> vocabulary = new HashSet<>();  // words used 3 times or more in English talks
    private final Set<String> texts = new HashSet<>();
    private final Inflections inflections;

    private QuerySetGenerator(CorpusSnapshot corpus, long seed) {
        this.talks = corpus.talks();
        this.random = new Random(seed);
        Map<String, Integer> wordCounts = new HashMap<>();
        for (Talk talk : talks) {
            List<String> words = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (String word : SPLIT.split(talk.title().toLowerCase(Locale.ROOT))) {
                if (!word.isEmpty()) {
                    words.add(word);
                    keys.add(Names.fold(word));
                }
            }
            titleWords.add(words);
            titleKeys.add(keys);
            Set<String> keySet = new HashSet<>(keys);
            titleKeySets.add(keySet);
            keySet.forEach(k -> titleFrequency.merge(k, 1, Integer::sum));
            sharedTitles.merge(String.join(" ", keys), 1, Integer::sum);
            if (talk.language().isEmpty() || talk.language().equals("eng")) {
                for (String word : SPLIT.split(Names.fold(talk.title() + " " + talk.description()))) {
                    wordCounts.merge(word, 1, Integer::sum);
                }
            }
        }
        wordCounts.forEach((word, count) -> {
            if (count >= 3) {
                vocabulary.add(word);
            }
        });
        this.inflections = new Inflections(vocabulary::contains);
    }

    /** Up to {@code perKind} queries of each kind, in kind order. */
    public static List<JudgedQuery> generate(CorpusSnapshot corpus, long seed, int perKind) {
        QuerySetGenerator generator = new QuerySetGenerator(corpus, seed);
        Map<QueryKind, List<JudgedQuery>> byKind = new EnumMap<>(QueryKind.class);
        for (QueryKind kind : QueryKind.values()) {
            List<JudgedQuery> queries = new ArrayList<>();
            if (kind == QueryKind.EVENT_YEAR) {
                queries.addAll(generator.eventYears(perKind));
            } else if (kind == QueryKind.SPEAKER_TYPO) {
                queries.addAll(generator.speakerTypos(perKind));
            } else {
                for (int attempt = 0; attempt < perKind * 200 && queries.size() < perKind; attempt++) {
                    generator.fromTitle(kind, generator.random.nextInt(generator.talks.size()))
                            .ifPresent(queries::add);
                }
            }
            byKind.put(kind, queries);
        }
        return byKind.values().stream().flatMap(List::stream).toList();
    }

    // ---- title-based kinds ------------------------------------------------------------------------------------

    private Optional<JudgedQuery> fromTitle(QueryKind kind, int index) {
        List<String> keys = titleKeys.get(index);
        if (sharedTitles.get(String.join(" ", keys)) > MAX_SHARED_TITLE) {
            return Optional.empty();
        }
        List<Integer> usable = new ArrayList<>(); // positions of distinct usable words
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key.length() >= 3 && !STOP_WORDS.contains(key) && !key.chars().allMatch(Character::isDigit)
                    && seen.add(key)) {
                usable.add(i);
            }
        }
        if (usable.size() < 2) {
            return Optional.empty();
        }
        usable.sort(Comparator.comparing((Integer i) -> titleFrequency.get(keys.get(i))).thenComparing(i -> i));
        List<Integer> pool = new ArrayList<>(usable.subList(0, Math.min(kind == QueryKind.OTHER_INFLECTIONS ? 5 : 4,
                usable.size())));
        int k = pool.size() >= 3 && random.nextBoolean() ? 3 : 2;
        List<Integer> chosen = new ArrayList<>();
        Map<Integer, String> changed = new HashMap<>();
        if (kind == QueryKind.OTHER_INFLECTIONS) {
            List<Integer> inflectable = pool.stream()
                    .filter(i -> inflections.other(keys.get(i)).isPresent()).toList();
            if (inflectable.isEmpty()) {
                return Optional.empty();
            }
            chosen.add(inflectable.get(random.nextInt(inflectable.size())));
            pool.remove(chosen.get(0));
        }
        java.util.Collections.shuffle(pool, random);
        for (int i = 0; chosen.size() < k && i < pool.size(); i++) {
            chosen.add(pool.get(i));
        }
        chosen.sort(null); // in the title's order
        List<String> queryWords = new ArrayList<>();
        List<Set<String>> accepted = new ArrayList<>(); // per chosen word, the forms a relevant title may hold
        for (int i : chosen) {
            String key = keys.get(i);
            Optional<String> other = kind == QueryKind.OTHER_INFLECTIONS ? inflections.other(key) : Optional.empty();
            if (other.isPresent()) {
                changed.put(i, other.get());
                queryWords.add(other.get());
                accepted.add(Set.of(key, other.get()));
            } else {
                queryWords.add(titleWords.get(index).get(i));
                accepted.add(Set.of(key));
            }
        }
        String words = String.join(" ", queryWords);
        String text = kind == QueryKind.NATURAL_SENTENCE
                ? FILLERS.get(random.nextInt(FILLERS.size())).formatted(words) : words;
        Set<Integer> relevant = new LinkedHashSet<>();
        for (int t = 0; t < talks.size(); t++) {
            Set<String> title = titleKeySets.get(t);
            if (accepted.stream().allMatch(forms -> forms.stream().anyMatch(title::contains))) {
                relevant.add(t);
            }
        }
        if (relevant.size() > MAX_RELEVANT || !texts.add(text)) {
            return Optional.empty();
        }
        return Optional.of(judged(kind, text, "talk " + talks.get(index).path(), relevant));
    }

    // ---- speakers ---------------------------------------------------------------------------------------------

    private List<JudgedQuery> speakerTypos(int count) {
        Map<String, String> names = new TreeMap<>();              // slug → name
        Map<String, Set<Integer>> talksOf = new HashMap<>();
        for (int t = 0; t < talks.size(); t++) {
            Talk talk = talks.get(t);
            for (int s = 0; s < talk.speakerSlugs().size(); s++) {
                names.put(talk.speakerSlugs().get(s), talk.speakerNames().get(s));
                talksOf.computeIfAbsent(talk.speakerSlugs().get(s), k -> new LinkedHashSet<>()).add(t);
            }
        }
        Set<String> foldedNames = new HashSet<>();
        names.values().forEach(n -> foldedNames.add(Names.fold(n)));
        List<String> slugs = new ArrayList<>(names.keySet());
        List<JudgedQuery> out = new ArrayList<>();
        for (int attempt = 0; attempt < count * 200 && out.size() < count; attempt++) {
            String slug = slugs.get(random.nextInt(slugs.size()));
            String name = names.get(slug);
            String[] parts = name.split(" ");
            List<Integer> editable = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].length() >= 5 && parts[i].chars().allMatch(Character::isLetter)) {
                    editable.add(i);
                }
            }
            if (parts.length < 2 || editable.isEmpty()) {
                continue;
            }
            int which = editable.get(random.nextInt(editable.size()));
            parts[which] = typo(parts[which]);
            String text = String.join(" ", parts);
            if (foldedNames.contains(Names.fold(text)) || !texts.add(text)) {
                continue;
            }
            out.add(judged(QueryKind.SPEAKER_TYPO, text, "speaker " + name, talksOf.get(slug)));
        }
        return out;
    }

    /** One edit, never at the first letter: a letter replaced by another, left out, or one added. */
    private String typo(String word) {
        int at = 1 + random.nextInt(word.length() - 1);
        char letter = (char) ('a' + random.nextInt(26));
        return switch (random.nextInt(3)) {
            case 0 -> {
                while (Character.toLowerCase(word.charAt(at)) == letter) {
                    letter = (char) ('a' + random.nextInt(26));
                }
                yield word.substring(0, at) + letter + word.substring(at + 1);
            }
            case 1 -> word.substring(0, at) + word.substring(at + 1);
            default -> word.substring(0, at) + letter + word.substring(at);
        };
    }

    // ---- events -----------------------------------------------------------------------------------------------

    private record Event(String title, String year, List<String> words, Set<String> keys, Set<Integer> talks) {
    }

    private List<JudgedQuery> eventYears(int count) {
        Map<Long, Event> byId = new java.util.LinkedHashMap<>(); // in the order of the talks' paths: by event slug
        for (int t = 0; t < talks.size(); t++) {
            Talk talk = talks.get(t);
            int talkIndex = t;
            byId.computeIfAbsent(talk.eventId(), id -> event(talk.eventTitle()))
                    .talks().add(talkIndex);
        }
        List<Event> events = byId.values().stream().filter(e -> e.year() != null && !e.words().isEmpty()).toList();
        List<JudgedQuery> out = new ArrayList<>();
        for (int attempt = 0; attempt < count * 50 && out.size() < count && !events.isEmpty(); attempt++) {
            Event event = events.get(random.nextInt(events.size()));
            List<String> words = random.nextBoolean() ? event.words().subList(0, 1) : event.words();
            String text = String.join(" ", words) + " " + event.year();
            if (words.get(0).length() < 3 || !texts.add(text)) {
                continue;
            }
            Set<String> keys = new HashSet<>();
            words.forEach(w -> keys.add(Names.fold(w)));
            Set<Integer> relevant = new LinkedHashSet<>();
            for (Event other : events) {
                if (other.year().equals(event.year()) && other.keys().containsAll(keys)) {
                    relevant.addAll(other.talks());
                }
            }
            out.add(judged(QueryKind.EVENT_YEAR, text, "event " + event.title(), relevant));
        }
        return out;
    }

    private static Event event(String title) {
        Matcher year = YEAR.matcher(title);
        String found = year.find() ? year.group() : null;
        List<String> words = new ArrayList<>();
        for (String word : SPLIT.split(title.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && !word.equals(found)) {
                words.add(word);
            }
        }
        Set<String> keys = new HashSet<>();
        words.forEach(w -> keys.add(Names.fold(w)));
        return new Event(title, found, words, keys, new LinkedHashSet<>());
    }

    private JudgedQuery judged(QueryKind kind, String text, String madeFrom, Set<Integer> indices) {
        Set<Long> ids = new LinkedHashSet<>();
        List<String> paths = new ArrayList<>();
        for (int i : indices) {
            ids.add(talks.get(i).id());
            paths.add(talks.get(i).path());
        }
        return new JudgedQuery(kind, text, madeFrom, ids, paths);
    }
}
