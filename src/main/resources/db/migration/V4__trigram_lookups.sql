-- A viewer may paste a video's link or id into the search box. The id is looked for inside stored URLs
-- (url LIKE '%id%'), which a trigram index answers without reading every video row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX video_source_url_trgm ON video_source USING gin (url gin_trgm_ops);

-- Suggestions forgive typos in speakers' names (word similarity over the slug, e.g. "lefkowits" for Lefkowitz).
CREATE INDEX speaker_slug_trgm ON speaker USING gin (slug gin_trgm_ops);
