-- The admin console's state, kept in PostgreSQL so that it survives a page reload and a restart of the app.

-- Long admin operations (reindex, consistency check) run as jobs. The process running a job writes its progress
-- and a heartbeat about once a second; a job whose heartbeat stopped (its process died or was restarted) is marked
-- failed ("interrupted") by the next reader, so no job stays "running" forever.
CREATE TABLE admin_job (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('reindex', 'check')),
    state            text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
    phase            text        NOT NULL,
    done             bigint      NOT NULL DEFAULT 0,
    total            bigint,
    started_by       text        NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    heartbeat_at     timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    cancel_requested boolean     NOT NULL DEFAULT false,
    errors           jsonb       NOT NULL DEFAULT '[]',
    result           jsonb
);
-- One running job of a kind at a time: a second start is refused by the database, whoever asks.
CREATE UNIQUE INDEX admin_job_one_running ON admin_job (kind) WHERE state = 'running';
CREATE INDEX admin_job_kind_finished ON admin_job (kind, finished_at DESC);

-- Every admin action: who (the admin token, or a console session by a prefix of its id's hash), when, what, on
-- what, and the state before and after. Generic on purpose: content actions (edit, hide, merge) record here too.
CREATE TABLE admin_audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor   text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now(),
    action  text        NOT NULL,
    subject text,
    before  jsonb,
    after   jsonb
);
CREATE INDEX admin_audit_at ON admin_audit (at DESC, id DESC);

-- Console sessions, server side: the cookie holds a random id, the table only its SHA-256, so a leaked table
-- signs nobody in. Each session has its own CSRF token (synchronizer token pattern).
CREATE TABLE admin_session (
    id_hash    bytea       PRIMARY KEY,
    csrf_token text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX admin_session_expires ON admin_session (expires_at);
