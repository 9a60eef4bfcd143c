-- Statistics at province scale and officers' photos (issue #12): see the SQLite migration of the same number
-- for what the table and the indexes are for; the schema means the same on both engines.

-- +goose Up
CREATE TABLE case_stats (
    case_id     BIGINT PRIMARY KEY REFERENCES cases (id),
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    filed_month TEXT NOT NULL,
    kind        TEXT NOT NULL,
    stage       TEXT NOT NULL,
    item_id     BIGINT NOT NULL,
    fine_fen    BIGINT NOT NULL DEFAULT 0,
    on_time     INTEGER
);
CREATE INDEX case_stats_agency_month ON case_stats (agency_id, filed_month, kind, stage, item_id, fine_fen, on_time);
CREATE INDEX review_rounds_agency_created ON review_rounds (agency_id, created_at);

INSERT INTO case_stats (case_id, agency_id, filed_month, kind, stage, item_id, fine_fen, on_time)
SELECT id, agency_id, coalesce(substr(filed, 1, 7), to_char(created_at, 'YYYY-MM')), kind, stage, item_id,
    coalesce(fine, 0),
    CASE WHEN decided IS NULL OR due IS NULL THEN NULL WHEN decided <= due THEN 1 ELSE 0 END
FROM (
    SELECT c.id, c.agency_id, c.kind, c.stage, c.item_id, c.created_at,
        c.state::jsonb ->> 'filed_on' AS filed,
        (c.state::jsonb ->> 'fine_fen')::bigint AS fine,
        c.state::jsonb ->> 'decided_on' AS decided,
        (SELECT j ->> 'due' FROM jsonb_array_elements(c.clocks::jsonb) j
         WHERE j ->> 'kind' = 'decision' LIMIT 1) AS due
    FROM cases c
) s;

-- Officers' photos (issue #12): the picture is stored in the evidence store under its
-- SHA-256 (with its SM3), one current photo per officer; a new upload replaces the row.
CREATE TABLE officer_photos (
    officer_id  BIGINT PRIMARY KEY REFERENCES officers (id),
    sha256      TEXT NOT NULL,
    sm3         TEXT NOT NULL,
    size        BIGINT NOT NULL,
    mime        TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE officer_photos;
DROP INDEX review_rounds_agency_created;
DROP TABLE case_stats;
