package org.talkarchive.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/**
 * {@code asciifolding}: letters outside Basic Latin become their ASCII equivalents ("Łukasz" → "Lukasz",
 * "automático" → "automatico"). {@code preserve_original} (default false) keeps the unfolded token too, at the same
 * position. Usable in normalizers, where it never keeps the original, as in a full distribution.
 */
final class AsciiFoldingFilterFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {

    private final boolean preserveOriginal;

    AsciiFoldingFilterFactory(IndexSettings index, Environment environment, String name, Settings settings) {
        super(name);
        preserveOriginal = FilterSettings.of("asciifolding", settings, "preserve_original")
                .getAsBoolean("preserve_original", false);
    }

    @Override
    public TokenStream create(TokenStream tokens) {
        return new ASCIIFoldingFilter(tokens, preserveOriginal);
    }

    @Override
    public TokenStream normalize(TokenStream tokens) {
        return new ASCIIFoldingFilter(tokens, false);
    }

    /** Synonym rules are parsed with one token per position, so without the original (as the real filter does). */
    @Override
    public TokenFilterFactory getSynonymFilter() {
        if (!preserveOriginal) {
            return this;
        }
        String name = name();
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokens) {
                return new ASCIIFoldingFilter(tokens, false);
            }
        };
    }
}
