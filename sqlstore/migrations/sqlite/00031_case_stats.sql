-- Statistics at province scale (issue #12): case_stats holds one row per case with the
-- facts the statistics page counts (month filed, kind, stage, item, fine, whether the
-- decision came within its deadline), rewritten by the store with the case in the same
-- transaction. Each chart is one GROUP BY over the index range (agency_id, filed_month)
-- of the agencies in scope and the months asked, instead of reading and decoding every
-- case's JSON state; the index holds every counted column, so no chart reads the table. on_time is 1 when the decision came on or before the decision
-- clock's due date (行政处罚法第六十条), 0 when after it, NULL while undecided or
-- without that clock. review_rounds gains the index its pass rate is counted by.

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
SELECT id, agency_id, substr(coalesce(filed, created_at), 1, 7), kind, stage, item_id, coalesce(fine, 0),
    CASE WHEN decided IS NULL OR due IS NULL THEN NULL WHEN decided <= due THEN 1 ELSE 0 END
FROM (
    SELECT c.id, c.agency_id, c.kind, c.stage, c.item_id, c.created_at,
        json_extract(c.state, '$.filed_on') AS filed,
        json_extract(c.state, '$.fine_fen') AS fine,
        json_extract(c.state, '$.decided_on') AS decided,
        (SELECT json_extract(j.value, '$.due') FROM json_each(c.clocks) j
         WHERE json_extract(j.value, '$.kind') = 'decision' LIMIT 1) AS due
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
    uploaded_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE officer_photos;
DROP INDEX review_rounds_agency_created;
DROP TABLE case_stats;
