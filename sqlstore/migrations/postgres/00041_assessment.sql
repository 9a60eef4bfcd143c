-- The assessment of agencies (评议考核, issue 14; REQUIREMENTS F2).
--   * assessment_schemes: the versions of a justice bureau's scheme of a year, the
--     indicators with their marks and scoring as JSON; a saved version never changes;
--   * assessment_runs: the bureau's assessment of a year over its scope (scope_path), the
--     scheme version it used, the results frozen as of as_of (JSON: one per agency with
--     its figures, adjustments, total, rank and grade), its approval and publication;
--   * assessment_inputs: the scored inputs per agency and year (the public opinion survey
--     with its source, the head's self-check with its attachment in the evidence store,
--     named by its SHA-256 and SM3), scored by the bureau;
--   * what the year's figures are counted by: the day of a legal review's opinion as a
--     column of review_rounds (from its JSON), and filings and scored case files indexed
--     by agency and day.

-- +goose Up
CREATE TABLE assessment_schemes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    indicators  TEXT NOT NULL,
    excellent   DOUBLE PRECISION NOT NULL,
    good        DOUBLE PRECISION NOT NULL,
    pass        DOUBLE PRECISION NOT NULL,
    created_by  BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, year, version)
);

CREATE TABLE assessment_runs (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    scope_path     TEXT NOT NULL,
    year           INTEGER NOT NULL,
    scheme_id      BIGINT NOT NULL REFERENCES assessment_schemes (id),
    scheme_version INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published')),
    as_of          TIMESTAMPTZ NOT NULL,
    results        TEXT NOT NULL,
    created_by     BIGINT NOT NULL,
    approved_by    BIGINT NOT NULL DEFAULT 0,
    approved_on    DATE,
    published_on   DATE,
    entry          BIGINT NOT NULL DEFAULT 0,
    publish_entry  BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX assessment_runs_scope ON assessment_runs (scope_path, id);
CREATE INDEX assessment_runs_status ON assessment_runs (status, id);

CREATE TABLE assessment_inputs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    agency_path TEXT NOT NULL,
    year        INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('survey', 'selfcheck')),
    text        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    scored      BOOLEAN NOT NULL DEFAULT FALSE,
    score       DOUBLE PRECISION NOT NULL DEFAULT 0,
    filed_by    BIGINT NOT NULL,
    filed_on    DATE NOT NULL,
    scored_by   BIGINT NOT NULL DEFAULT 0,
    scored_on   DATE,
    file_name   TEXT NOT NULL DEFAULT '',
    file_mime   TEXT NOT NULL DEFAULT '',
    file_size   BIGINT NOT NULL DEFAULT 0,
    file_sha256 TEXT NOT NULL DEFAULT '',
    file_sm3    TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL,
    UNIQUE (agency_id, year, kind)
);
CREATE INDEX assessment_inputs_year ON assessment_inputs (year, agency_path);

ALTER TABLE review_rounds ADD COLUMN opinion_on DATE;
UPDATE review_rounds SET opinion_on = (data::json->>'opinion_on')::date;

CREATE INDEX filings_agency_decided ON filings (agency_id, decided_on, late);
CREATE INDEX eval_cases_agency_scored ON eval_cases (agency_id, scored_on, score);

-- +goose Down
DROP INDEX eval_cases_agency_scored;
DROP INDEX filings_agency_decided;
ALTER TABLE review_rounds DROP COLUMN opinion_on;
DROP TABLE assessment_inputs;
DROP TABLE assessment_runs;
DROP TABLE assessment_schemes;
