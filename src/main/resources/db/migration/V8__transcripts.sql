-- Transcripts: the captions of a talk (WebVTT or SRT), stored as cues. A talk has at most one transcript.
-- origin says where it came from: 'corpus' (a caption file beside the talk's record, see the importer) or
-- 'upload' (the admin API). A re-import removes a corpus transcript whose file is gone, never an upload.
CREATE TABLE transcript (
    talk_id     bigint      PRIMARY KEY REFERENCES talk (id) ON DELETE CASCADE,
    origin      text        NOT NULL CHECK (origin IN ('corpus', 'upload')),
    format      text        NOT NULL CHECK (format IN ('vtt', 'srt')),
    file_name   text        NOT NULL CHECK (btrim(file_name) <> ''),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One cue: its times in milliseconds from the start of the video, and its text as plain text (markup removed).
CREATE TABLE transcript_cue (
    talk_id  bigint  NOT NULL REFERENCES transcript (talk_id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    start_ms integer NOT NULL CHECK (start_ms >= 0),
    end_ms   integer NOT NULL CHECK (end_ms > start_ms),
    text     text    NOT NULL CHECK (btrim(text) <> ''),
    PRIMARY KEY (talk_id, position)
);

-- Change capture, as for the other tables that feed a search document (V1): every statement on a transcript or
-- its cues records the talks it touched, so the indexer republishes them, whoever wrote the rows.
CREATE TRIGGER transcript_inserted AFTER INSERT ON transcript REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER transcript_updated AFTER UPDATE ON transcript REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER transcript_deleted AFTER DELETE ON transcript REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER transcript_cue_inserted AFTER INSERT ON transcript_cue REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER transcript_cue_updated AFTER UPDATE ON transcript_cue REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER transcript_cue_deleted AFTER DELETE ON transcript_cue REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();

-- TRUNCATE leaves no rows to name: it asks for a full rebuild instead (V2).
CREATE TRIGGER transcript_truncated AFTER TRUNCATE ON transcript
    FOR EACH STATEMENT EXECUTE FUNCTION request_full_republish();
CREATE TRIGGER transcript_cue_truncated AFTER TRUNCATE ON transcript_cue
    FOR EACH STATEMENT EXECUTE FUNCTION request_full_republish();
