-- A talk's other recordings: the talks viewers can see with the same duplicate key (V6: same folded title, same
-- speakers). The one definition of "other recordings", read where the pages name them (TalkRepository) and where
-- the search documents are built (TalkDocuments: recorded_more_than_once, which lets the engine count distinct
-- talks among the few documents that have a sibling instead of among all). Found by title through
-- talk_title_key_idx, then speakers compared; a talk without a title key or speakers is only itself.
-- A plain SQL body, so the planner inlines it into the query that calls it.
CREATE FUNCTION talk_other_recordings(talk bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT o.id
      FROM talk t
      JOIN talk o ON talk_title_key(o.title) = talk_title_key(t.title) AND o.id <> t.id
     WHERE t.id = talk
       AND talk_title_key(t.title) <> ''
       AND NOT o.hidden
       AND talk_speaker_key(o.id) = talk_speaker_key(t.id)
    $$;
