package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeaningRequestsTest {

    private final MeaningRequests requests = new MeaningRequests("talks");
    private final JacksonJsonpMapper mapper = new JacksonJsonpMapper();

    private static TalkQuery query(Map<String, List<String>> params) {
        return TalkQuery.parse(params, Set.of());
    }

    @Test
    void theNearestTalksAreFilteredLikeTheWordsAndCollapsedByTalk() {
        String json = JsonpUtils.toJsonString(requests.nearest(
                query(Map.of("q", List.of("orm"), "year", List.of("2019"))), new float[] {0.5f, 0.25f}, 30, false),
                mapper);
        assertThat(json).contains("\"knn\"").contains("\"field\":\"embedding\"").contains("\"k\":30")
                .contains("\"num_candidates\":120").contains("\"similarity\":0.2")
                .contains("\"query_vector\":[0.5,0.25]").contains("2019")
                .contains("\"collapse\":{\"field\":\"duplicate_key\"}");
        assertThat(json).doesNotContain("\"aggregations\"");
    }

    @Test
    void facetsAreCountedOverTheNearestTalksOnlyWhenAsked() {
        String json = JsonpUtils.toJsonString(requests.nearest(query(Map.of("q", List.of("orm"))),
                new float[] {1f}, 30, true), mapper);
        assertThat(json).contains("\"aggregations\"");
    }

    @Test
    void relatedTalksLeaveOutTheTalksOwnRecordings() {
        String json = JsonpUtils.toJsonString(requests.related(new float[] {1f}, "#42", 5), mapper);
        assertThat(json).contains("\"must_not\"").contains("#42").contains("\"k\":5");
    }
}
