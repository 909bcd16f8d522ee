-- A talk's recording key, stored: its folded title (talk_title_key) and its speakers as a set (talk_speaker_key),
-- the two halves of V6's definition of "the same talk". Computed on every read before, they cost a search page
-- about 0.4 ms for each hit recorded more than once (the speaker set of every same-titled candidate), and the
-- reindex more for every talk. Kept here by triggers, so bulk SQL run outside the application keeps them too, and
-- in a table of their own, so keeping them is not itself a change of the talk to publish.
CREATE TABLE talk_recording_key (
    talk_id     bigint PRIMARY KEY REFERENCES talk (id) ON DELETE CASCADE,
    title_key   text NOT NULL,
    speaker_key text            -- NULL: no speakers, so the talk is only itself
);

INSERT INTO talk_recording_key (talk_id, title_key, speaker_key)
SELECT id, talk_title_key(title), talk_speaker_key(id) FROM talk;

-- Only keys that can name other recordings are indexed: a talk without a title key or speakers is only itself.
CREATE INDEX talk_recording_key_idx ON talk_recording_key (title_key, speaker_key)
    WHERE title_key <> '' AND speaker_key IS NOT NULL;
DROP INDEX talk_title_key_idx;
ANALYZE talk_recording_key;

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

-- The same definition, now read from the stored keys through the index above.
CREATE OR REPLACE FUNCTION talk_other_recordings(talk bigint) RETURNS SETOF bigint
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

-- And the search documents' duplicate_key from the same stored keys (V6's view otherwise unchanged; V10 wraps it).
CREATE OR REPLACE VIEW talk_projection_all AS
SELECT t.id, t.slug, t.title, t.description, t.summary, t.copyright, t.recorded, t.duration_seconds, t.language,
       t.thumbnail_url, t.event_id,
       e.slug AS event_slug, e.title AS event_title, e.start_date AS event_start_date,
       COALESCE(sp.slugs, '{}') AS speaker_slugs, COALESCE(sp.names, '{}') AS speaker_names,
       COALESCE(tg.keys, '{}') AS tag_keys, COALESCE(tg.names, '{}') AS tag_names,
       COALESCE(sa.aliases, '{}') AS speaker_aliases,
       COALESCE(NULLIF(k.title_key, '') || '|' || k.speaker_key, '#' || t.id) AS duplicate_key
  FROM talk t
  JOIN event e ON e.id = t.event_id
  LEFT JOIN talk_recording_key k ON k.talk_id = t.id
  LEFT JOIN LATERAL (
       SELECT array_agg(s.slug ORDER BY ts.position) AS slugs,
              array_agg(s.name ORDER BY ts.position) AS names
         FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
        WHERE ts.talk_id = t.id) sp ON true
  LEFT JOIN LATERAL (
       SELECT array_agg(g.name ORDER BY lower(g.display_name), g.name) AS keys,
              array_agg(g.display_name ORDER BY lower(g.display_name), g.name) AS names
         FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id
        WHERE tt.talk_id = t.id) tg ON true
  LEFT JOIN LATERAL (
       SELECT array_agg(a.alias ORDER BY ts.position, a.alias) AS aliases
         FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
              CROSS JOIN LATERAL unnest(s.aliases) AS a(alias)
        WHERE ts.talk_id = t.id) sa ON true;
