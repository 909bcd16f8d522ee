-- Freshness: a publisher listening on the channel 'search_change' wakes as soon as a transaction that recorded
-- changes commits, instead of finding them at its next poll. PostgreSQL delivers a NOTIFY only at commit (never for
-- a rolled-back transaction) and folds identical ones of one transaction into one, so a bulk import's thousands of
-- statements cost one wake-up per transaction. Polling stays as the fallback for a listener that lost its
-- connection. One statement-level trigger on search_change covers every captured table, and any future one.
CREATE FUNCTION notify_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('search_change', '');
    RETURN NULL;
END $$;

CREATE TRIGGER search_change_notify AFTER INSERT ON search_change
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_change();

-- A TRUNCATE of a captured table files a rebuild request: wake the publisher for that too.
CREATE TRIGGER search_reindex_request_notify AFTER INSERT ON search_reindex_request
    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_change();
