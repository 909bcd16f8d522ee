-- Search by meaning. A talk's vector is derived data: computed from its text (title, tags, the description's
-- opening) by a named model, and kept by the hash of that text, so a reindex or a restart never computes an
-- unchanged talk again, and two recordings with the same text share one vector. Vectors of a model no longer in
-- use, or of text no talk has any more, are harmless and stay until removed by hand.
CREATE TABLE talk_embedding (
    model        text        NOT NULL,
    content_hash text        NOT NULL,
    vector       bytea       NOT NULL,   -- float32 little-endian, unit length
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, content_hash)
);

-- Talks published without a vector, waiting for one. Publishing never waits for the model: it writes the words at
-- once and leaves the talk here; the vector worker embeds it, stores the vector and records a change, so the
-- publisher writes the talk again, now with its vector.
CREATE TABLE embedding_wanted (
    talk_id   bigint      PRIMARY KEY,   -- no foreign key: a talk deleted meanwhile is skipped
    wanted_at timestamptz NOT NULL DEFAULT now()
);
