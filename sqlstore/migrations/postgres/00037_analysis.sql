-- Analytic warnings (issue 14, D5, H4). Two small summaries are written with the decision
-- that feeds them, in its transaction, so each rule is one index range, never a scan of
-- the cases:
--   * case_fines: the decided fine of each case with its item and benchmark level; the
--     quartiles of a group are read at two offsets of the (item_id, level, fine_fen) index;
--   * case_endings: each officer's cases ended with 不予行政处罚 or 撤案, counted over
--     twelve months on the (officer_id, ended_on) index;
--   * analysis_warnings: one row per finding (kind, subject), with the rule, the evidence
--     as JSON and the handling (说明理由, 整改, 督办 with its deadline, 办结); lists page by
--     keyset (id < cursor) within the actor's scope.

-- +goose Up
CREATE TABLE case_fines (
    case_id    BIGINT PRIMARY KEY REFERENCES cases (id),
    item_id    BIGINT NOT NULL,
    level      TEXT NOT NULL,
    fine_fen   BIGINT NOT NULL,
    decided_on DATE NOT NULL
);
CREATE INDEX case_fines_peers ON case_fines (item_id, level, fine_fen);

CREATE TABLE case_endings (
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    officer_id BIGINT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('no_penalty', 'withdrawn')),
    ended_on   DATE NOT NULL,
    PRIMARY KEY (case_id, officer_id)
);
CREATE INDEX case_endings_officer ON case_endings (officer_id, ended_on);

CREATE TABLE analysis_warnings (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('fine_outlier', 'repeated_endings')),
    subject    TEXT NOT NULL,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    rule       TEXT NOT NULL,
    finding    TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'explained', 'rectified', 'escalated', 'closed')),
    reason     TEXT NOT NULL DEFAULT '',
    deadline   DATE,
    version    INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX analysis_warnings_subject ON analysis_warnings (kind, subject);
CREATE INDEX analysis_warnings_agency ON analysis_warnings (agency_id, id);
CREATE INDEX analysis_warnings_state ON analysis_warnings (state, id);

-- +goose Down
DROP TABLE analysis_warnings;
DROP TABLE case_endings;
DROP TABLE case_fines;
