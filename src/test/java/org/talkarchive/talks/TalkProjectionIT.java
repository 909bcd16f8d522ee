package org.talkarchive.talks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.indexer.TalkDocument;
import org.talkarchive.indexer.TalkDocuments;
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TagRef;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * The search documents and the pages read a talk from one projection ({@code talk_projection}): they must agree on
 * every talk, speakers in the record's order and tags by display name ignoring case, also where the tags' keys
 * or a case-sensitive order would sort them otherwise.
 */
@ExtendWith(RealEngines.class)
class TalkProjectionIT {

    @Test
    void documentsAndPagesListSpeakersAndTagsInTheSameOrder(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        long orm = t.count("SELECT id FROM talk WHERE slug = 'django-orm-deep-dive'");
        long async = t.count("SELECT id FROM talk WHERE slug = 'async-views'");
        // By key the ORM talk's tags are django, orm; by display name "ASGI ORM" comes first.
        t.update("UPDATE tag SET display_name = 'ASGI ORM' WHERE name = 'orm'");
        // Case-sensitively "Django" would sort before "async"; ignoring case it comes after.
        t.update("UPDATE tag SET display_name = 'async' WHERE name = 'async'");
        // Speakers keep their positions, not their names' order: Bob Smith now speaks first.
        t.update("UPDATE talk_speaker SET position = position + 10 WHERE talk_id = ?", orm);
        t.update("UPDATE talk_speaker SET position = 11 - position WHERE talk_id = ?", orm);
        t.publish();

        TalkRepository talks = new TalkRepository(t.jdbi());
        List<Long> ids = t.longs("SELECT id FROM talk ORDER BY id");
        List<TalkSummary> summaries = talks.summariesInOrder(ids);
        Map<Long, TalkDocument> documents = t.jdbi().withHandle(h -> new TalkDocuments(new org.talkarchive.indexer.TalkVectors(org.talkarchive.text.embedding.MiniLmEmbedder.MODEL)).load(h, ids));
        assertThat(summaries).hasSize(ids.size());
        for (TalkSummary summary : summaries) {
            TalkDocument document = documents.get(summary.id());
            List<String> tagKeys = summary.tags().stream().map(TagRef::key).toList();
            List<String> tagNames = summary.tags().stream().map(TagRef::name).toList();
            List<String> speakerSlugs = summary.speakers().stream().map(SpeakerRef::slug).toList();
            List<String> speakerNames = summary.speakers().stream().map(SpeakerRef::name).toList();
            assertThat(document.tagKeys()).as("tag keys of %s", summary.slug()).isEqualTo(tagKeys);
            assertThat(document.tags()).as("tags of %s", summary.slug()).isEqualTo(tagNames);
            assertThat(document.speakerSlugs()).as("speaker slugs of %s", summary.slug()).isEqualTo(speakerSlugs);
            assertThat(document.speakers()).as("speakers of %s", summary.slug()).isEqualTo(speakerNames);
            TalkDocument indexed = t.client().get(g -> g.index(t.alias()).id(Long.toString(summary.id())),
                    TalkDocument.class).source();
            assertThat(indexed.tagKeys()).as("indexed tag keys of %s", summary.slug()).isEqualTo(tagKeys);
            assertThat(indexed.speakerSlugs()).as("indexed speakers of %s", summary.slug()).isEqualTo(speakerSlugs);
        }

        TalkSummary ormTalk = talks.summariesInOrder(List.of(orm)).get(0);
        assertThat(ormTalk.tags()).extracting(TagRef::key).containsExactly("orm", "django");
        assertThat(ormTalk.speakers()).extracting(SpeakerRef::slug).containsExactly("bob-smith", "ana-garcia");
        assertThat(talks.talk(orm).orElseThrow().summary()).isEqualTo(ormTalk);
        TalkSummary asyncTalk = talks.summariesInOrder(List.of(async)).get(0);
        assertThat(asyncTalk.tags()).extracting(TagRef::name).containsExactly("async", "Django");
    }

    @Test
    void typedWildcardsMatchOnlyThemselves(TestArchive t) {
        t.importCorpus(Fixtures.corpus());
        TalkRepository talks = new TalkRepository(t.jdbi());
        assertThat(talks.eventsNamed("fixconf", 10)).isNotEmpty();
        // "f_x" would match "fixconf 2019" if _ were a wildcard.
        assertThat(talks.eventsNamed("f_x", 10)).isEmpty();
        assertThat(talks.eventsNamed("fix%", 10)).extracting(Talks.Event::slug)
                .allMatch(slug -> slug.startsWith("fix"));
        assertThat(talks.speakersNamed("ana gar", 10)).extracting(Talks.Speaker::slug)
                .containsExactly("ana-garcia");
    }
}
