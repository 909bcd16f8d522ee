package org.talkarchive.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.text.Names;

/**
 * Identity of what a talk was imported from (stored as {@code talk.source_hash}): an unchanged talk has the same
 * hash and is not written again. Speakers and tags count by key, so a respelling alone is no change.
 */
final class SourceHash {

    private final ObjectMapper json;

    SourceHash(ObjectMapper json) {
        this.json = json;
    }

    String of(Talk talk) {
        try {
            List<Object> content = new ArrayList<>(List.of(
                    String.valueOf(talk.sourceId()), talk.title(), String.valueOf(talk.description()),
                    String.valueOf(talk.summary()), String.valueOf(talk.recorded()),
                    String.valueOf(talk.durationSeconds()), String.valueOf(talk.language()),
                    String.valueOf(talk.thumbnailUrl()), String.valueOf(talk.copyright()),
                    String.valueOf(talk.qualityNotes()),
                    talk.speakers().stream().map(SpeakerNames::key).toList(),
                    talk.tags().stream().map(Names::tagKey).toList(),
                    talk.videos(), talk.relatedLinks()));
            if (talk.captions() != null) {
                // only then: a talk without captions keeps the hash it had before transcripts existed
                content.add(List.of(talk.captions().fileName(), talk.captions().kept() ? "kept" : "read",
                        talk.captions().contentHash()));
            }
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file's content, for the hash of a talk with captions. */
    static String ofBytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
