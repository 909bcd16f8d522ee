-- A talk's tags looked up one by one by key. With the tags joined as in V14, PostgreSQL expected about four tags a
-- talk and chose to hash the whole tag table for every talk it projected (1,320 tags: 0.16 ms a talk, at a million
-- talks most of the projection's time). OFFSET 0 keeps the lookup a subquery of its own, which the planner cannot
-- turn into that hash join, so each tag is one index lookup. Measured in psql on a million synthetic talks, 20,000
-- talks projected with every column: 1.1-1.7 s before, 0.65-1.0 s after. Columns and their order are V14's.
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
         FROM talk_tag tt
              CROSS JOIN LATERAL (SELECT name, display_name FROM tag WHERE tag.id = tt.tag_id OFFSET 0) g
        WHERE tt.talk_id = t.id) tg ON true
  LEFT JOIN LATERAL (
       SELECT array_agg(a.alias ORDER BY ts.position, a.alias) AS aliases
         FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
              CROSS JOIN LATERAL unnest(s.aliases) AS a(alias)
        WHERE ts.talk_id = t.id) sa ON true;
