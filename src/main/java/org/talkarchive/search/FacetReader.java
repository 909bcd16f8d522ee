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
import org.talkarchive.talks.Languages;
import org.talkarchive.text.Names;

/** Reads the facets (values, labels, counts, selected state) from a response to {@link TalkSearchRequests#search}. */
final class FacetReader {

    private FacetReader() {
    }

    static List<Facet> facets(TalkQuery query, SearchResponse<Void> response) {
        List<Facet> facets = new ArrayList<>();
        for (FacetField facet : FacetField.values()) {
            List<String> selected = selectedValues(query, facet);
            Map<String, FacetValue> values = new LinkedHashMap<>();
            Aggregate values0 = response.aggregations().get(facet.param).filter().aggregations().get("values");
            if (values0.isSterms()) {
                for (StringTermsBucket bucket : values0.sterms().buckets().array()) {
                    String[] parts = TalkDocument.facetParts(bucket.key().stringValue());
                    String label = facet == FacetField.LANGUAGE ? Languages.name(parts[0]) : parts[1];
                    values.put(parts[0], new FacetValue(parts[0], label, bucket.docCount(),
                            selected.contains(parts[0])));
                }
            } else if (values0.isLterms()) {
                for (LongTermsBucket bucket : values0.lterms().buckets().array()) {
                    String key = Long.toString(bucket.key());
                    values.put(key, new FacetValue(key, key, bucket.docCount(), selected.contains(key)));
                }
            }
            facets.add(withSelected(facet, values, selected));
        }
        return facets;
    }

    static List<String> selectedValues(TalkQuery query, FacetField facet) {
        return switch (facet) {
            case EVENT -> query.events();
            case SPEAKER -> query.speakers();
            case TAG -> query.tags().stream().map(Names::tagKey).toList();
            case LANGUAGE -> query.languages();
            case YEAR -> query.years().stream().map(String::valueOf).toList();
        };
    }

    /** The facet with its counted values, plus selected values that have no talks (so they can be removed). */
    static Facet withSelected(FacetField facet, Map<String, FacetValue> values, List<String> selected) {
        for (String value : selected) {
            values.putIfAbsent(value, new FacetValue(value,
                    facet == FacetField.LANGUAGE ? Languages.name(value) : value, 0, true));
        }
        return new Facet(facet.param, facet.label, List.copyOf(values.values()));
    }
}
