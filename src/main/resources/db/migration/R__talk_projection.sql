-- One talk as every reader sees it: the talk's own columns, its event, its speakers and its tags, in one row.
-- The search documents (indexer/ TalkDocuments) and the pages' read model (talks/ TalkRepository) both select
-- from talk_projection, so what is indexed and what is shown are the same talk in the same order. Filter it by id
-- (or stream it by id): the planner inlines the view and looks up speakers and tags for the selected talks only.
--
-- This file is the views' one definition: change them here. Flyway runs it after the versioned migrations whenever
-- its content changes, so it drops and creates them (CREATE OR REPLACE could not drop, rename or retype a column).
-- A versioned migration that has to drop them (to change a column they read) must change this file too, or they
-- would not be created again.
--
-- Orders, the same for every reader:
--   speakers: by talk_speaker.position, the order the talk's record names them;
--   tags:     by display name, ignoring case (lower(display_name) in the database's collation), then by key,
--             which is unique, so two tags spelled alike but for case still come in one fixed order.
-- speaker_slugs/speaker_names and tag_keys/tag_names are parallel arrays (element i of one belongs to element i
-- of the other); empty, never NULL, for a talk without speakers or tags. speaker_aliases: the speakers' other
-- spellings (speaker.aliases). duplicate_key: the same for every recording of one talk, from the stored keys
-- (talk_recording_key).
DROP VIEW IF EXISTS talk_projection;
DROP VIEW IF EXISTS talk_projection_all;

-- Every talk, hidden ones too.
CREATE VIEW talk_projection_all AS
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

-- The talks viewers may see (not talk.hidden): every reader selects from this one, so hiding a talk hides it
-- everywhere.
CREATE VIEW talk_projection AS
SELECT p.*
  FROM talk_projection_all p
 WHERE NOT EXISTS (SELECT 1 FROM talk h WHERE h.id = p.id AND h.hidden);
