package org.talkarchive.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

/**
 * {@code flatten_graph}: a token graph (from {@code word_delimiter_graph}) made into what an index can hold, each
 * token at one position, so the parts and the original are both found. No settings.
 */
final class FlattenGraphFilterFactory extends AbstractTokenFilterFactory {

    FlattenGraphFilterFactory(IndexSettings index, Environment environment, String name, Settings settings) {
        super(name);
        FilterSettings.of("flatten_graph", settings);
    }

    @Override
    public TokenStream create(TokenStream tokens) {
        return new FlattenGraphFilter(tokens);
    }
}
