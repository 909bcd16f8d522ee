-- A person met under several spellings ("Dr. Greg Wilson", "Andrew Godwin (keynote)") is one speaker; the other
-- spellings are kept in speaker.aliases. alias_slugs holds their slugs, so the address a folded spelling had as a
-- speaker of its own (/speakers/andrew-godwin-keynote) still leads to the person (a redirect, not a 404).
ALTER TABLE speaker ADD COLUMN alias_slugs text[] NOT NULL DEFAULT '{}';
CREATE INDEX speaker_alias_slugs ON speaker USING gin (alias_slugs);

-- The projection gains the aliases of the talk's speakers (in speaker order, then alphabetically), so a search for
-- a spelling finds the person's talks. Columns are only appended: CREATE OR REPLACE keeps the view's readers.
CREATE OR REPLACE VIEW talk_projection AS
SELECT t.id, t.slug, t.title, t.description, t.summary, t.copyright, t.recorded, t.duration_seconds, t.language,
       t.thumbnail_url, t.event_id,
       e.slug AS event_slug, e.title AS event_title, e.start_date AS event_start_date,
       COALESCE(sp.slugs, '{}') AS speaker_slugs, COALESCE(sp.names, '{}') AS speaker_names,
       COALESCE(tg.keys, '{}') AS tag_keys, COALESCE(tg.names, '{}') AS tag_names,
       COALESCE(sa.aliases, '{}') AS speaker_aliases
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
