-- One talk recorded or uploaded more than once: the same title (folded: case, accents, punctuation) by the same
-- speakers, in any order. This is the one definition. The search documents carry it (talk_projection.duplicate_key,
-- which the engine collapses on), and the pages find a result's other recordings with it (TalkRepository), so the
-- engine never hides a recording the page does not name.
CREATE EXTENSION IF NOT EXISTS unaccent;

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

-- Other recordings are looked up by title first: a handful of rows per title, then their speakers compared.
CREATE INDEX talk_title_key_idx ON talk (talk_title_key(title));

-- A talk without a title or without speakers is only itself ("Lightning talks" by nobody named are not one talk):
-- its key is '#' and its id, since the engine folds every document without a key into one.
CREATE OR REPLACE VIEW talk_projection AS
SELECT t.id, t.slug, t.title, t.description, t.summary, t.copyright, t.recorded, t.duration_seconds, t.language,
       t.thumbnail_url, t.event_id,
       e.slug AS event_slug, e.title AS event_title, e.start_date AS event_start_date,
       COALESCE(sp.slugs, '{}') AS speaker_slugs, COALESCE(sp.names, '{}') AS speaker_names,
       COALESCE(tg.keys, '{}') AS tag_keys, COALESCE(tg.names, '{}') AS tag_names,
       COALESCE(sa.aliases, '{}') AS speaker_aliases,
       -- each key computed once: an empty or missing title key, or no speakers, makes the pair NULL
       COALESCE(NULLIF(talk_title_key(t.title), '') || '|' || talk_speaker_key(t.id), '#' || t.id) AS duplicate_key
  FROM talk t
  JOIN event e ON e.id = t.event_id
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
