-- The archive's source of truth, as a new database starts: the schema versions 1 to 16 built, in one file (a
-- Flyway baseline migration). Flyway runs it on an empty database only; a database made by the versioned
-- migrations before it keeps its history and goes on from version 16 (Database.migrate ignores the missing files
-- of 1 to 15; V16__talk_projection_repeatable.sql stays byte for byte as it was applied, so that such a database is
-- at a version Flyway knows, and is skipped on a new database). Change the schema with a new versioned migration
-- (V17__…), never here. The views every reader selects from are defined in R__talk_projection.sql, which Flyway
-- runs after this.
--
-- Elasticsearch holds a denormalized copy of each talk, fed from search_change (change capture, below).

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- ---- Events, talks, speakers, tags

CREATE TABLE event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text        NOT NULL UNIQUE CHECK (slug ~ '^[A-Za-z0-9][A-Za-z0-9._,-]*$'),
    title       text        NOT NULL CHECK (btrim(title) <> ''),
    description text,
    start_date  date,
    end_date    date,
    location    text,
    url         text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);

CREATE TABLE talk (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         bigint      NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    slug             text        NOT NULL CHECK (slug ~ '^[^/\s]+$'),
    source_id        integer     UNIQUE,           -- the corpus' own video id, where it has one
    title            text        NOT NULL CHECK (btrim(title) <> ''),
    description      text,                         -- as written (reStructuredText or plain text), rendered on use
    summary          text,
    recorded         date,
    duration_seconds integer     CHECK (duration_seconds >= 0),
    language         text        CHECK (language ~ '^[a-z]{3}$'),   -- ISO 639-3
    thumbnail_url    text,
    copyright        text,
    quality_notes    text,
    source_hash      text,                         -- what it was imported from; equal hash, nothing to write
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- Search without Elasticsearch: while the engine is unavailable, searches are answered by PostgreSQL's
    -- full-text search over titles (weight A) and descriptions (weight B). Stemmed with the English configuration.
    search_text      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
            || setweight(to_tsvector('english', coalesce(description, '')), 'B')) STORED,
    -- A hidden talk stays here (the truth, and what unhiding brings back) but no viewer sees it: it is not in
    -- talk_projection (R__talk_projection.sql), so the sync deletes it from the index like a deleted talk, and
    -- indexes it again when unhidden. Setting the flag is an UPDATE of talk, which the change capture records.
    hidden           boolean     NOT NULL DEFAULT false,
    UNIQUE (event_id, slug)
);
CREATE INDEX talk_recorded_idx ON talk (recorded);
CREATE INDEX talk_search_text_idx ON talk USING gin (search_text);

-- A person met under several spellings ("Dr. Greg Wilson", "Andrew Godwin (keynote)") is one speaker; the other
-- spellings are kept in aliases. alias_slugs holds their slugs, so the address a folded spelling had as a speaker
-- of its own (/speakers/andrew-godwin-keynote) still leads to the person (a redirect, not a 404).
CREATE TABLE speaker (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (btrim(name) <> ''),
    slug        text        NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug) AND slug !~ '[\s/]'),
    aliases     text[]      NOT NULL DEFAULT '{}',  -- other spellings met in the data
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    alias_slugs text[]      NOT NULL DEFAULT '{}'
);
-- Suggestions forgive typos in speakers' names (word similarity over the slug, e.g. "lefkowits" for Lefkowitz).
CREATE INDEX speaker_slug_trgm ON speaker USING gin (slug gin_trgm_ops);
CREATE INDEX speaker_alias_slugs ON speaker USING gin (alias_slugs);

CREATE TABLE talk_speaker (
    talk_id    bigint   NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    speaker_id bigint   NOT NULL REFERENCES speaker (id) ON DELETE CASCADE,
    position   smallint NOT NULL CHECK (position >= 0),
    PRIMARY KEY (talk_id, speaker_id),
    UNIQUE (talk_id, position)
);
CREATE INDEX talk_speaker_speaker_idx ON talk_speaker (speaker_id);

CREATE TABLE tag (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name <> '' AND name = lower(name)),  -- normalized key
    display_name text NOT NULL CHECK (btrim(display_name) <> '')
);

CREATE TABLE talk_tag (
    talk_id bigint NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    tag_id  bigint NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (talk_id, tag_id)
);
CREATE INDEX talk_tag_tag_idx ON talk_tag (tag_id);

CREATE TABLE video_source (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id    bigint   NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    position   smallint NOT NULL CHECK (position >= 0),
    type       text     NOT NULL CHECK (btrim(type) <> ''),
    url        text     NOT NULL CHECK (url ~ '^[a-zA-Z][a-zA-Z0-9+.-]*:'),
    size_bytes bigint   CHECK (size_bytes >= 0),
    UNIQUE (talk_id, position)
);
-- A viewer may paste a video's link or id into the search box. The id is looked for inside stored URLs
-- (url LIKE '%id%'), which a trigram index answers without reading every video row.
CREATE INDEX video_source_url_trgm ON video_source USING gin (url gin_trgm_ops);

CREATE TABLE related_link (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id  bigint   NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    position smallint NOT NULL CHECK (position >= 0),
    url      text     NOT NULL CHECK (btrim(url) <> ''),
    label    text,
    UNIQUE (talk_id, position)
);

-- The speakers of talks viewers may see: what speaker counts, indexes, co-speakers and the sitemap read, so a
-- speaker whose only talk is hidden is not listed with a page of nothing.
CREATE VIEW visible_talk_speaker AS
SELECT ts.*
  FROM talk_speaker ts
 WHERE NOT EXISTS (SELECT 1 FROM talk h WHERE h.id = ts.talk_id AND h.hidden);

-- ---- Transcripts: the captions of a talk (WebVTT or SRT), stored as cues. A talk has at most one transcript.
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

-- ---- Change capture. Every write to a table that feeds a search document records the talks it touched, from
-- triggers, so bulk SQL run outside the application is published too. The indexer consumes and deletes rows.
CREATE TABLE search_change (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id    bigint      NOT NULL,   -- no foreign key: a deleted talk's change must survive it
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- TRUNCATE fires no row or statement triggers of the other kinds, and leaves no rows to name: it asks for a full
-- rebuild of the index instead, which the background sync carries out (see indexer/).
CREATE TABLE search_reindex_request (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);

-- Statement-level triggers with transition tables: one INSERT ... SELECT per statement, however many rows.
CREATE FUNCTION capture_talk_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_change (talk_id) SELECT DISTINCT id FROM old_rows;
    ELSE
        INSERT INTO search_change (talk_id) SELECT DISTINCT id FROM new_rows;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION capture_talk_link_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_change (talk_id) SELECT DISTINCT talk_id FROM old_rows;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO search_change (talk_id) SELECT DISTINCT talk_id FROM new_rows;
    ELSE
        INSERT INTO search_change (talk_id)
        SELECT talk_id FROM old_rows UNION SELECT talk_id FROM new_rows;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION capture_speaker_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_change (talk_id)
    SELECT DISTINCT ts.talk_id FROM new_rows s JOIN talk_speaker ts ON ts.speaker_id = s.id;
    RETURN NULL;
END $$;

CREATE FUNCTION capture_tag_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_change (talk_id)
    SELECT DISTINCT tt.talk_id FROM new_rows t JOIN talk_tag tt ON tt.tag_id = t.id;
    RETURN NULL;
END $$;

CREATE FUNCTION capture_event_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_change (talk_id)
    SELECT t.id FROM new_rows e JOIN talk t ON t.event_id = e.id;
    RETURN NULL;
END $$;

CREATE FUNCTION request_full_republish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_reindex_request (reason) VALUES ('TRUNCATE ' || TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE TRIGGER talk_inserted AFTER INSERT ON talk REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_rows();
CREATE TRIGGER talk_updated AFTER UPDATE ON talk REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_rows();
CREATE TRIGGER talk_deleted AFTER DELETE ON talk REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_rows();

-- The tables that name a talk in a column talk_id: talk_speaker, talk_tag, transcript, transcript_cue.
DO $$
DECLARE
    captured text;
BEGIN
    FOREACH captured IN ARRAY ARRAY['talk_speaker', 'talk_tag', 'transcript', 'transcript_cue'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows()',
                       captured || '_inserted', captured);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows()',
                       captured || '_updated', captured);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows()',
                       captured || '_deleted', captured);
    END LOOP;
    FOREACH captured IN ARRAY ARRAY['talk', 'talk_speaker', 'talk_tag', 'speaker', 'tag', 'event', 'transcript',
                                    'transcript_cue'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION request_full_republish()', captured || '_truncated', captured);
    END LOOP;
END $$;

CREATE TRIGGER speaker_updated AFTER UPDATE ON speaker REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_speaker_rows();
CREATE TRIGGER tag_updated AFTER UPDATE ON tag REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_tag_rows();
CREATE TRIGGER event_updated AFTER UPDATE ON event REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_event_rows();
-- Deleting a speaker, tag or event cascades to talk_speaker, talk_tag or talk, whose triggers record the talks.

-- Freshness: a publisher listening on the channel 'search_change' wakes as soon as a transaction that recorded
-- changes commits, instead of finding them at its next poll. PostgreSQL delivers a NOTIFY only at commit (never for
-- a rolled-back transaction) and folds identical ones of one transaction into one, so a bulk import's thousands of
-- statements cost one wake-up per transaction. Polling stays as the fallback for a listener that lost its
-- connection. One statement-level trigger on search_change covers every captured table, and any future one; a
-- rebuild request (a TRUNCATE) wakes the publisher too.
CREATE FUNCTION notify_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('search_change', '');
    RETURN NULL;
END $$;

CREATE TRIGGER search_change_notify AFTER INSERT ON search_change
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_change();
CREATE TRIGGER search_reindex_request_notify AFTER INSERT ON search_reindex_request
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_change();

-- Full reindex bookkeeping: while a build is registered here, the sync also notes each talk it publishes, so
-- the reindexer can replay onto the new index what changed after its snapshot (see indexer/).
CREATE TABLE search_index_build (
    index_name text PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE search_index_build_pending (
    index_name text   NOT NULL REFERENCES search_index_build (index_name) ON DELETE CASCADE,
    talk_id    bigint NOT NULL,
    PRIMARY KEY (index_name, talk_id)
);

-- ---- One talk recorded or uploaded more than once: the same title (folded: case, accents, punctuation) by the
-- same speakers, in any order. This is the one definition. The search documents carry it
-- (talk_projection.duplicate_key, which the engine collapses on), and the pages find a result's other recordings
-- with it (talk_other_recordings), so the engine never hides a recording the page does not name.

-- "Łukasz's Talk!" and "lukasz s talk" fold alike. unaccent() is only STABLE (its dictionary could be changed);
-- named explicitly here, the dictionary is fixed, so the function can be IMMUTABLE and indexed.
CREATE FUNCTION talk_title_key(title text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN trim(BOTH '-' FROM regexp_replace(lower(unaccent('unaccent'::regdictionary, title)),
                                             '[^[:alnum:]]+', '-', 'g'));

-- The talk's speakers as a set: slugs in alphabetical order; NULL for a talk without speakers.
CREATE FUNCTION talk_speaker_key(talk bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT string_agg(s.slug, ',' ORDER BY s.slug)
              FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
             WHERE ts.talk_id = talk);

-- A talk's recording key, stored: its folded title and its speakers as a set, the two halves of "the same talk".
-- Computed on every read, they would cost a search page about 0.4 ms for each hit recorded more than once (the
-- speaker set of every same-titled candidate), and the reindex more for every talk. Kept by triggers, so bulk SQL
-- run outside the application keeps them too, and in a table of their own, so keeping them is not itself a change
-- of the talk to publish.
CREATE TABLE talk_recording_key (
    talk_id     bigint PRIMARY KEY REFERENCES talk (id) ON DELETE CASCADE,
    title_key   text NOT NULL,
    speaker_key text            -- NULL: no speakers, so the talk is only itself
);

-- Only keys that can name other recordings are indexed: a talk without a title key or speakers is only itself.
CREATE INDEX talk_recording_key_idx ON talk_recording_key (title_key, speaker_key)
    WHERE title_key <> '' AND speaker_key IS NOT NULL;

CREATE FUNCTION key_talk_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- no speakers yet: their rows refer to the talk, so they come after it
        INSERT INTO talk_recording_key (talk_id, title_key, speaker_key)
        SELECT id, talk_title_key(title), NULL FROM new_rows;
    ELSE
        UPDATE talk_recording_key k SET title_key = talk_title_key(n.title)
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE k.talk_id = n.id AND n.title IS DISTINCT FROM o.title;
    END IF;
    RETURN NULL;
END $$;

-- Set-based, one join for the statement's talks: an import adds speakers in batches.
CREATE FUNCTION rekey_talks(talks bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE talk_recording_key k SET speaker_key = s.speaker_key
      FROM (SELECT t.id, string_agg(sp.slug, ',' ORDER BY sp.slug) AS speaker_key
              FROM unnest(talks) AS t(id)
              LEFT JOIN talk_speaker ts ON ts.talk_id = t.id
              LEFT JOIN speaker sp ON sp.id = ts.speaker_id
             GROUP BY t.id) s
     WHERE k.talk_id = s.id AND k.speaker_key IS DISTINCT FROM s.speaker_key
$$;

CREATE FUNCTION key_talk_speaker_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM rekey_talks(ARRAY(SELECT DISTINCT talk_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM rekey_talks(ARRAY(SELECT DISTINCT talk_id FROM old_rows));
    ELSE
        PERFORM rekey_talks(ARRAY(SELECT talk_id FROM old_rows UNION SELECT talk_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;

-- A speaker's slug is part of the key of each of their talks.
CREATE FUNCTION key_speaker_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rekey_talks(ARRAY(SELECT DISTINCT ts.talk_id
                                FROM new_rows n JOIN old_rows o ON o.id = n.id
                                JOIN talk_speaker ts ON ts.speaker_id = n.id
                               WHERE n.slug IS DISTINCT FROM o.slug));
    RETURN NULL;
END $$;

-- TRUNCATE fires none of the above; a truncated talk_speaker leaves every talk without speakers.
CREATE FUNCTION unkey_all_speakers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE talk_recording_key SET speaker_key = NULL WHERE speaker_key IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER talk_keyed AFTER INSERT ON talk REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION key_talk_rows();
CREATE TRIGGER talk_rekeyed AFTER UPDATE ON talk REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION key_talk_rows();
CREATE TRIGGER talk_speaker_keyed AFTER INSERT ON talk_speaker REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION key_talk_speaker_rows();
CREATE TRIGGER talk_speaker_rekeyed AFTER UPDATE ON talk_speaker REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION key_talk_speaker_rows();
CREATE TRIGGER talk_speaker_unkeyed AFTER DELETE ON talk_speaker REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION key_talk_speaker_rows();
CREATE TRIGGER talk_speaker_truncate_unkeyed AFTER TRUNCATE ON talk_speaker
    FOR EACH STATEMENT EXECUTE FUNCTION unkey_all_speakers();
CREATE TRIGGER speaker_rekeyed AFTER UPDATE ON speaker REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION key_speaker_rows();

-- A talk's other recordings: the talks viewers can see with the same recording key. The one definition of "other
-- recordings", read where the pages name them (TalkRepository) and where the search documents are built
-- (TalkDocuments: recorded_more_than_once, which lets the engine count distinct talks among the few documents that
-- have a sibling instead of among all). A plain SQL body, so the planner inlines it into the query that calls it.
CREATE FUNCTION talk_other_recordings(talk bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT o.talk_id
      FROM talk_recording_key k
      JOIN talk_recording_key o ON o.title_key = k.title_key AND o.speaker_key = k.speaker_key
                               AND o.talk_id <> k.talk_id
      JOIN talk ot ON ot.id = o.talk_id
     WHERE k.talk_id = talk
       AND k.title_key <> '' AND k.speaker_key IS NOT NULL
       AND o.title_key <> '' AND o.speaker_key IS NOT NULL   -- implied, but stated, so the partial index is used
       AND NOT ot.hidden
    $$;

-- ---- The admin console's state, kept here so that it survives a page reload and a restart of the app.

-- Long admin operations (reindex, consistency check) run as jobs. The process running a job writes its progress
-- and a heartbeat about once a second; a job whose heartbeat stopped (its process died or was restarted) is marked
-- failed ("interrupted") by the next reader, so no job stays "running" forever.
CREATE TABLE admin_job (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('reindex', 'check')),
    state            text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
    phase            text        NOT NULL,
    done             bigint      NOT NULL DEFAULT 0,
    total            bigint,
    started_by       text        NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    heartbeat_at     timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    cancel_requested boolean     NOT NULL DEFAULT false,
    errors           jsonb       NOT NULL DEFAULT '[]',
    result           jsonb
);
-- One running job of a kind at a time: a second start is refused by the database, whoever asks.
CREATE UNIQUE INDEX admin_job_one_running ON admin_job (kind) WHERE state = 'running';
CREATE INDEX admin_job_kind_finished ON admin_job (kind, finished_at DESC);

-- Every admin action: who (the admin token, or a console session by a prefix of its id's hash), when, what, on
-- what, and the state before and after. Generic on purpose: content actions (talk.edit, talk.hide, talk.unhide,
-- speaker.merge, report.resolve) record here too, within the action's own transaction.
CREATE TABLE admin_audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor   text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now(),
    action  text        NOT NULL,
    subject text,
    before  jsonb,
    after   jsonb
);
CREATE INDEX admin_audit_at ON admin_audit (at DESC, id DESC);

-- Console sessions, server side: the cookie holds a random id, the table only its SHA-256, so a leaked table
-- signs nobody in. Each session has its own CSRF token (synchronizer token pattern).
CREATE TABLE admin_session (
    id_hash    bytea       PRIMARY KEY,
    csrf_token text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX admin_session_expires ON admin_session (expires_at);

-- A viewer's report of a problem with a talk. No address or other trace of the reporter is stored: the rate limit
-- that keeps floods out works in memory.
CREATE TABLE problem_report (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id     bigint      NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('wrong_speaker', 'dead_video', 'wrong_title', 'other')),
    note        text        CHECK (char_length(note) <= 1000),
    reported_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by text,
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX problem_report_open_idx ON problem_report (reported_at, id) WHERE resolved_at IS NULL;
CREATE INDEX problem_report_talk_idx ON problem_report (talk_id);

-- ---- Search by meaning. A talk's vector is derived data: computed from its text (title, tags, the description's
-- opening) by a named model, and kept by the hash of that text, so a reindex or a restart never computes an
-- unchanged talk again, and two recordings with the same text share one vector. Vectors of a model no longer in
-- use, or of text no talk has any more, are harmless and stay until removed by hand.
CREATE TABLE talk_embedding (
    model        text        NOT NULL,
    content_hash text        NOT NULL,
    vector       bytea       NOT NULL,   -- float32 little-endian, unit length
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, content_hash)
);

-- Talks published without a vector, waiting for one. Publishing never waits for the model: it writes the words at
-- once and leaves the talk here; the vector worker embeds it, stores the vector and records a change, so the
-- publisher writes the talk again, now with its vector.
CREATE TABLE embedding_wanted (
    talk_id   bigint      PRIMARY KEY,   -- no foreign key: a talk deleted meanwhile is skipped
    wanted_at timestamptz NOT NULL DEFAULT now()
);
