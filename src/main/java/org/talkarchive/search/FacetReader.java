package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.talkarchive.indexer.TalkDocument;
import org.talkarchive.search.SearchPage.Facet;
import org.talkarchive.search.SearchPage.FacetValue;

/** Reads the facets (values, labels, counts, selected state) from a response to {@link TalkSearchRequests#search}. */
final class FacetReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FacetReader() {
    }

    static List<Facet> facets(TalkQuery query, SearchResponse<Void> response) {
        return facets(query, response.aggregations());
    }

    /** @param aggregations each facet's aggregation by its parameter name (see FacetRequests#aggregations) */
    static List<Facet> facets(TalkQuery query, Map<String, Aggregate> aggregations) {
        List<Facet> facets = new ArrayList<>();
        for (FacetField facet : FacetField.values()) {
            List<String> selected = query.selected(facet);
            Map<String, FacetValue> values = new LinkedHashMap<>();
            Aggregate buckets = aggregations.get(facet.param()).filter().aggregations().get("values");
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

    /**
     * What a search whose facets were sampled ({@link FacetRequests#SAMPLED}) says of its sample.
     *
     * @param talks  how many matching talks the sample holds (not scaled up, unlike its facets' counts)
     * @param facets the facets' aggregations, as if they had been asked at the top
     */
    record Sample(long talks, Map<String, Aggregate> facets) {
    }

    /**
     * The sample of a search whose facets were sampled, read once. The client does not know the engine's
     * random_sampler and hands its answer over as JSON, whose typed keys ("filter#event") it reads here.
     */
    static Sample sample(SearchResponse<Void> response, JsonpMapper mapper) {
        Aggregate sampled = response.aggregations().get(FacetRequests.SAMPLED);
        if (sampled == null || !sampled._isCustom()) {
            throw new IllegalStateException("no sampled facet counts in the engine's answer");
        }
        ObjectNode answer;
        try {
            answer = (ObjectNode) JSON.readTree(JsonpUtils.toJsonString(sampled._custom(), mapper));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable sampled facet counts", e);
        }
        long talks = answer.path("doc_count").asLong();
        // the sub-aggregations only; the others are the sample's seed, probability and size
        answer.properties().removeIf(field -> !field.getKey().contains("#"));
        try (JsonParser parser = mapper.jsonProvider().createParser(new StringReader(answer.toString()))) {
            return new Sample(talks, Aggregate._TYPED_KEYS_DESERIALIZER.deserialize(parser, mapper));
        }
    }

    /** The facet with its counted values, plus selected values that have no talks (so they can be removed). */
    static Facet withSelected(FacetField facet, Map<String, FacetValue> values, List<String> selected) {
        for (String value : selected) {
            values.putIfAbsent(value, new FacetValue(value, facet.label(value, null), 0, true));
        }
        return new Facet(facet, List.copyOf(values.values()));
    }
}
