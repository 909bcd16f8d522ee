package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.talkarchive.indexer.TalkDocument;
import org.talkarchive.search.SearchPage.Facet;
import org.talkarchive.search.SearchPage.FacetValue;

/** Reads the facets (values, labels, counts, selected state) from a response to {@link TalkSearchRequests#search}. */
final class FacetReader {

    private FacetReader() {
    }

    static List<Facet> facets(TalkQuery query, SearchResponse<Void> response) {
        List<Facet> facets = new ArrayList<>();
        for (FacetField facet : FacetField.values()) {
            List<String> selected = query.selected(facet);
            Map<String, FacetValue> values = new LinkedHashMap<>();
            Aggregate buckets = response.aggregations().get(facet.param()).filter().aggregations().get("values");
            if (buckets.isSterms()) {
                for (StringTermsBucket bucket : buckets.sterms().buckets().array()) {
                    String[] parts = TalkDocument.facetParts(bucket.key().stringValue());
                    values.put(parts[0], new FacetValue(parts[0], facet.label(parts[0], parts[1]), bucket.docCount(),
                            selected.contains(parts[0])));
                }
            } else if (buckets.isLterms()) {
                for (LongTermsBucket bucket : buckets.lterms().buckets().array()) {
                    String key = Long.toString(bucket.key());
                    values.put(key, new FacetValue(key, facet.label(key, null), bucket.docCount(),
                            selected.contains(key)));
                }
            }
            facets.add(withSelected(facet, values, selected));
        }
        return facets;
    }

    /** The facet with its counted values, plus selected values that have no talks (so they can be removed). */
    static Facet withSelected(FacetField facet, Map<String, FacetValue> values, List<String> selected) {
        for (String value : selected) {
            values.putIfAbsent(value, new FacetValue(value, facet.label(value, null), 0, true));
        }
        return new Facet(facet, List.copyOf(values.values()));
    }
}
