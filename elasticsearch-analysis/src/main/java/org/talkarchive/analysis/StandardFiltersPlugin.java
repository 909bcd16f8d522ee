package org.talkarchive.analysis;

import java.util.Map;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The token filters of Elasticsearch's analysis-common module that the talks index uses, for the embedded node,
 * which lacks that module (it is not published to Maven Central). Each is registered under the name a full
 * distribution gives it, wraps the same Lucene filter and takes the same settings, so one index definition is valid
 * on the embedded node and on a real cluster. A setting the real filter does not have, or a stemmer language this
 * module does not carry, is refused when the index is created, never silently ignored.
 *
 * <p>Installed only on the embedded node: on a real cluster analysis-common registers these names itself.
 */
public final class StandardFiltersPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
                "asciifolding", AsciiFoldingFilterFactory::new,
                "porter_stem", (index, environment, name, settings) ->
                        StemmerFilterFactory.fixed("porter_stem", name, settings, "porter"),
                "kstem", (index, environment, name, settings) ->
                        StemmerFilterFactory.fixed("kstem", name, settings, "light_english"),
                "stemmer", (index, environment, name, settings) -> StemmerFilterFactory.configured(name, settings),
                "word_delimiter_graph", WordDelimiterGraphFilterFactory::new,
                "flatten_graph", FlattenGraphFilterFactory::new);
    }
}
