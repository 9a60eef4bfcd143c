-- Legal review of major decisions (法制审核, issue #5, REQUIREMENTS E1–E6, B5): the versioned
-- major-decision catalogs of agencies (append-only), the reviewer pools shared by several
-- agencies, and the review rounds of cases (the round's submission, opinion, coordination
-- and discussion as JSON; status, reviewer and due date as columns for the queue).

-- +goose Up
CREATE TABLE major_catalogs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    version        INTEGER NOT NULL,
    template       BOOLEAN NOT NULL DEFAULT FALSE,
    base_agency_id BIGINT NOT NULL DEFAULT 0,
    base_version   INTEGER NOT NULL DEFAULT 0,
    data           TEXT NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (agency_id, version)
);

CREATE TABLE review_pools (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    agencies   TEXT NOT NULL,
    reviewers  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE review_rounds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    round       INTEGER NOT NULL,
    status      TEXT NOT NULL,
    reviewer_id BIGINT NOT NULL,
    due_on      TEXT,
    opinion     TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (case_id, round)
);
CREATE INDEX review_rounds_reviewer ON review_rounds (reviewer_id, status, due_on);

CREATE TRIGGER major_catalogs_no_update BEFORE UPDATE ON major_catalogs
BEGIN SELECT RAISE(ABORT, 'major_catalogs is append-only'); END;
CREATE TRIGGER major_catalogs_no_delete BEFORE DELETE ON major_catalogs
BEGIN SELECT RAISE(ABORT, 'major_catalogs is append-only'); END;
CREATE TRIGGER review_rounds_no_delete BEFORE DELETE ON review_rounds
BEGIN SELECT RAISE(ABORT, 'review_rounds are kept'); END;

-- +goose Down
DROP TABLE review_rounds;
DROP TABLE review_pools;
DROP TABLE major_catalogs;
