-- The archive's source of truth. Elasticsearch holds a denormalized copy of each talk, fed from search_change.

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
    UNIQUE (event_id, slug)
);
CREATE INDEX talk_recorded_idx ON talk (recorded);

CREATE TABLE speaker (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (btrim(name) <> ''),
    slug       text        NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug) AND slug !~ '[\s/]'),
    aliases    text[]      NOT NULL DEFAULT '{}',  -- other spellings met in the data
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

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

CREATE TABLE related_link (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id  bigint   NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    position smallint NOT NULL CHECK (position >= 0),
    url      text     NOT NULL CHECK (btrim(url) <> ''),
    label    text,
    UNIQUE (talk_id, position)
);

-- Change capture. Every write to a table that feeds a search document records the talks it touched, from
-- triggers, so bulk SQL run outside the application is published too. The indexer consumes and deletes rows.
CREATE TABLE search_change (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id    bigint      NOT NULL,   -- no foreign key: a deleted talk's change must survive it
    changed_at timestamptz NOT NULL DEFAULT now()
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

CREATE TRIGGER talk_inserted AFTER INSERT ON talk REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_rows();
CREATE TRIGGER talk_updated AFTER UPDATE ON talk REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_rows();
CREATE TRIGGER talk_deleted AFTER DELETE ON talk REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_rows();

CREATE TRIGGER talk_speaker_inserted AFTER INSERT ON talk_speaker REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER talk_speaker_updated AFTER UPDATE ON talk_speaker REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER talk_speaker_deleted AFTER DELETE ON talk_speaker REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();

CREATE TRIGGER talk_tag_inserted AFTER INSERT ON talk_tag REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER talk_tag_updated AFTER UPDATE ON talk_tag REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();
CREATE TRIGGER talk_tag_deleted AFTER DELETE ON talk_tag REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_talk_link_rows();

CREATE TRIGGER speaker_updated AFTER UPDATE ON speaker REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_speaker_rows();
CREATE TRIGGER tag_updated AFTER UPDATE ON tag REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_tag_rows();
CREATE TRIGGER event_updated AFTER UPDATE ON event REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION capture_event_rows();
-- Deleting a speaker, tag or event cascades to talk_speaker, talk_tag or talk, whose triggers record the talks.

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
