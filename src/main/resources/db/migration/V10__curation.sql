-- Curation by administrators: hiding talks and problems reported by viewers (their actions go to V7's admin_audit).

-- A hidden talk stays in PostgreSQL (the truth, and what unhiding brings back) but no viewer sees it. Setting the
-- flag is an UPDATE of talk, so the existing change capture records the talk and the sync publishes it: gone from
-- talk_projection (below), it is deleted from the index like a deleted talk, and indexed again when unhidden.
ALTER TABLE talk ADD COLUMN hidden boolean NOT NULL DEFAULT false;

-- Every reader (the search documents, the pages, the reindex) selects talks from talk_projection, so filtering it
-- here hides a talk everywhere at once. The view is renamed and wrapped rather than restated, so this migration
-- keeps whatever columns earlier migrations gave it. A later migration that appends columns to the projection
-- replaces talk_projection_all, then creates talk_projection anew (SELECT p.* is expanded when a view is created).
ALTER VIEW talk_projection RENAME TO talk_projection_all;
CREATE VIEW talk_projection AS
SELECT p.*
  FROM talk_projection_all p
 WHERE NOT EXISTS (SELECT 1 FROM talk h WHERE h.id = p.id AND h.hidden);

-- The speakers of talks viewers may see: what speaker counts, indexes, co-speakers and the sitemap read, so a
-- speaker whose only talk is hidden is not listed with a page of nothing.
CREATE VIEW visible_talk_speaker AS
SELECT ts.*
  FROM talk_speaker ts
 WHERE NOT EXISTS (SELECT 1 FROM talk h WHERE h.id = ts.talk_id AND h.hidden);

-- Every curation action (talk.edit, talk.hide, talk.unhide, speaker.merge, report.resolve) is recorded in the one
-- audit log of the admin console, admin_audit (V7__admin_jobs_and_audit.sql), within the action's own transaction.
-- No second table: what it needs of a row (actor, action, subject, before and after as jsonb) V7 has.

-- A viewer's report of a problem with a talk. No address or other trace of the reporter is stored: the rate limit
-- that keeps floods out works in memory.
CREATE TABLE problem_report (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talk_id     bigint      NOT NULL REFERENCES talk (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('wrong_speaker', 'dead_video', 'wrong_title', 'other')),
    note        text        CHECK (char_length(note) <= 1000),
    reported_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by text,
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX problem_report_open_idx ON problem_report (reported_at, id) WHERE resolved_at IS NULL;
CREATE INDEX problem_report_talk_idx ON problem_report (talk_id);
