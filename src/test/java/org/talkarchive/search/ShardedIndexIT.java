package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.indices.IndexSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.Archive;
import org.talkarchive.indexer.IndexLayout;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/** TALKS_INDEX_SHARDS / TALKS_INDEX_REPLICAS reach the index the archive creates, and searches work across shards. */
@ExtendWith(RealEngines.class)
class ShardedIndexIT {

    private static IndexSettings settings(TestArchive t) throws Exception {
        String index = t.archive().index().indicesBehindAlias().iterator().next();
        return t.client().indices().getSettings(g -> g.index(t.alias())).get(index).settings().index();
    }

    @Test
    void anIndexWithTwoShardsIsCreatedAndSearched(TestArchive t) throws Exception {
        // Two operations a bulk request, so publishing the five fixture talks takes several requests.
        try (Archive sharded = new Archive(Archive.Engines.shared(t.dataSource(), t.client()),
                Archive.Settings.of(t.alias()).withIndexLayout(new IndexLayout(2, 0, 2)))) {
            sharded.importer().importCorpus(Fixtures.corpus(), org.talkarchive.importer.ImportProgress.NONE);
            sharded.ensureIndex();
            sharded.sync().syncAll();
            sharded.index().refresh();

            String index = sharded.index().indicesBehindAlias().iterator().next();
            IndexSettings settings = t.client().indices().getSettings(g -> g.index(index)).get(index).settings().index();
            assertThat(settings.numberOfShards()).isEqualTo("2");
            assertThat(settings.numberOfReplicas()).isEqualTo("0");
            Map<String, Long> docsPerShard = t.client().cat().shards(c -> c.index(index)).shards().stream()
                    .collect(Collectors.toMap(s -> s.shard(), s -> Long.parseLong(s.docs())));
            assertThat(docsPerShard).hasSize(2);
            assertThat(docsPerShard.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);

            SearchPage all = sharded.search().search(TalkQuery.all());
            assertThat(all.total()).isEqualTo(5);
            assertThat(all.hits()).hasSize(5);
            SearchPage orm = sharded.search().search(TalkQuery.parse(Map.of("q", List.of("orm")), Set.of()));
            assertThat(orm.hits()).first().satisfies(h -> assertThat(h.talk().slug()).isEqualTo("django-orm-deep-dive"));
            long yearCounts = all.facets().stream().filter(f -> f.name().equals("year"))
                    .flatMap(f -> f.values().stream()).mapToLong(SearchPage.FacetValue::count).sum();
            assertThat(yearCounts).isEqualTo(5);
        }
    }

    @Test
    void replicasAreAppliedOnceTheBulkLoadIsDone(TestArchive t) throws Exception {
        // One node cannot hold a replica: the copy stays unassigned (yellow), and searches still answer.
        try (Archive replicated = new Archive(Archive.Engines.shared(t.dataSource(), t.client()),
                Archive.Settings.of(t.alias()).withIndexLayout(new IndexLayout(1, 1, 1000)))) {
            replicated.importer().importCorpus(Fixtures.corpus(), org.talkarchive.importer.ImportProgress.NONE);
            replicated.ensureIndex();
            replicated.index().refresh();

            assertThat(settings(t).numberOfReplicas()).isEqualTo("1");
            assertThat(replicated.search().search(TalkQuery.all()).total()).isEqualTo(5);
        }
    }
}
