package org.talkarchive.analysis;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * {@code stemmer} with an English {@code language} (its default, as in a full distribution, is {@code porter}) or
 * the light stemmer of a language talks are given in (Spanish, French, Portuguese, German, Italian, Russian), and
 * the fixed stemmers {@code porter_stem} and {@code kstem}. The language names are those of Elasticsearch's stemmer
 * filter; any other language is refused, naming the ones this module has.
 */
final class StemmerFilterFactory extends AbstractTokenFilterFactory {

    /** Language (lower case) → the Lucene filter Elasticsearch's stemmer uses for it. */
    private static final Map<String, UnaryOperator<TokenStream>> LANGUAGES = new TreeMap<>(Map.ofEntries(
            Map.entry("english", PorterStemFilter::new),
            Map.entry("porter", PorterStemFilter::new),
            Map.entry("porter2", tokens -> new SnowballFilter(tokens, new EnglishStemmer())),
            Map.entry("light_english", KStemFilter::new),
            Map.entry("lightenglish", KStemFilter::new),
            Map.entry("kstem", KStemFilter::new),
            Map.entry("minimal_english", EnglishMinimalStemFilter::new),
            Map.entry("minimalenglish", EnglishMinimalStemFilter::new),
            Map.entry("possessive_english", EnglishPossessiveFilter::new),
            Map.entry("possessiveenglish", EnglishPossessiveFilter::new),
            Map.entry("light_spanish", SpanishLightStemFilter::new),
            Map.entry("light_french", FrenchLightStemFilter::new),
            Map.entry("light_portuguese", PortugueseLightStemFilter::new),
            Map.entry("light_german", GermanLightStemFilter::new),
            Map.entry("light_italian", ItalianLightStemFilter::new),
            Map.entry("light_russian", RussianLightStemFilter::new)));

    private final UnaryOperator<TokenStream> filter;

    private StemmerFilterFactory(String name, String language) {
        super(name);
        filter = LANGUAGES.get(language.toLowerCase(Locale.ROOT));
        if (filter == null) {
            throw new IllegalArgumentException("The [stemmer] token filter's language [" + language
                    + "] is not in the embedded node's analysis module, which has " + LANGUAGES.keySet()
                    + "; a full Elasticsearch distribution has more");
        }
    }

    /** {@code stemmer}: its {@code language} setting (or the older {@code name}) chooses; porter by default. */
    static StemmerFilterFactory configured(String name, Settings settings) {
        Settings checked = FilterSettings.of("stemmer", settings, "language", "name");
        return new StemmerFilterFactory(name, checked.get("language", checked.get("name", "porter")));
    }

    /** {@code porter_stem} or {@code kstem}: one stemmer, no settings. */
    static StemmerFilterFactory fixed(String type, String name, Settings settings, String language) {
        FilterSettings.of(type, settings);
        return new StemmerFilterFactory(name, language);
    }

    @Override
    public TokenStream create(TokenStream tokens) {
        return filter.apply(tokens);
    }
}
