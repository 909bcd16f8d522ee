package org.talkarchive.analysis;

import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_ALL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_NUMBERS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_WORDS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_WORD_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.IGNORE_KEYWORDS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/**
 * {@code word_delimiter_graph}: splits a token at punctuation inside it, at case changes and between letters and
 * digits ("Tinkoff.ru" → "Tinkoff", "ru"; "XL500" → "XL", "500"), with the boolean settings and defaults of a full
 * distribution. Its word lists ({@code protected_words}, {@code type_table} and their {@code _path} forms) are not
 * carried: a definition that sets them is refused, as an unknown setting is. Used at index time, it must be followed
 * by {@code flatten_graph}, as in a full distribution.
 */
final class WordDelimiterGraphFilterFactory extends AbstractTokenFilterFactory {

    private static final String TYPE = "word_delimiter_graph";
    /** Setting → its flag and its default in Elasticsearch's analysis-common. */
    private static final Map<String, Map.Entry<Integer, Boolean>> FLAGS = Map.ofEntries(
            Map.entry("generate_word_parts", Map.entry(GENERATE_WORD_PARTS, true)),
            Map.entry("generate_number_parts", Map.entry(GENERATE_NUMBER_PARTS, true)),
            Map.entry("catenate_words", Map.entry(CATENATE_WORDS, false)),
            Map.entry("catenate_numbers", Map.entry(CATENATE_NUMBERS, false)),
            Map.entry("catenate_all", Map.entry(CATENATE_ALL, false)),
            Map.entry("split_on_case_change", Map.entry(SPLIT_ON_CASE_CHANGE, true)),
            Map.entry("preserve_original", Map.entry(PRESERVE_ORIGINAL, false)),
            Map.entry("split_on_numerics", Map.entry(SPLIT_ON_NUMERICS, true)),
            Map.entry("stem_english_possessive", Map.entry(STEM_ENGLISH_POSSESSIVE, true)),
            Map.entry("ignore_keywords", Map.entry(IGNORE_KEYWORDS, false)));
    private static final String ADJUST_OFFSETS = "adjust_offsets";

    private final int flags;
    private final boolean adjustOffsets;

    WordDelimiterGraphFilterFactory(IndexSettings index, Environment environment, String name, Settings settings) {
        super(name);
        Set<String> known = new TreeSet<>(FLAGS.keySet());
        known.add(ADJUST_OFFSETS);
        Settings checked = FilterSettings.of(TYPE, settings, known.toArray(String[]::new));
        int set = 0;
        for (Map.Entry<String, Map.Entry<Integer, Boolean>> flag : FLAGS.entrySet()) {
            if (checked.getAsBoolean(flag.getKey(), flag.getValue().getValue())) {
                set |= flag.getValue().getKey();
            }
        }
        flags = set;
        adjustOffsets = checked.getAsBoolean(ADJUST_OFFSETS, true);
    }

    @Override
    public TokenStream create(TokenStream tokens) {
        return new WordDelimiterGraphFilter(tokens, adjustOffsets, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE,
                flags, null);
    }

    /** As in a full distribution: a filter that splits tokens cannot parse synonym rules. */
    @Override
    public TokenFilterFactory getSynonymFilter() {
        throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
    }
}
