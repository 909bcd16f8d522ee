-- What the archive needs to keep serving, and to stay exact, when things go wrong.

-- Search without Elasticsearch: while the engine is unavailable, searches are answered by PostgreSQL's full-text
-- search over titles (weight A) and descriptions (weight B). Stemmed with the English configuration.
ALTER TABLE talk ADD COLUMN search_text tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')
) STORED;
CREATE INDEX talk_search_text_idx ON talk USING gin (search_text);

-- TRUNCATE fires no row or statement triggers of the other kinds, and leaves no rows to name: it asks for a full
-- rebuild of the index instead, which the background sync carries out (see indexer/).
CREATE TABLE search_reindex_request (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION request_full_republish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_reindex_request (reason) VALUES ('TRUNCATE ' || TG_TABLE_NAME);
    RETURN NULL;
END $$;

DO $$
DECLARE
    captured text;
BEGIN
    FOREACH captured IN ARRAY ARRAY['talk', 'talk_speaker', 'talk_tag', 'speaker', 'tag', 'event'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION request_full_republish()',
                       captured || '_truncated', captured);
    END LOOP;
END $$;
