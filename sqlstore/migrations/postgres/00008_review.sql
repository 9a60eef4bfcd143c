-- Legal review of major decisions (法制审核, issue #5, REQUIREMENTS E1–E6, B5): the versioned
-- major-decision catalogs of agencies (append-only), the reviewer pools shared by several
-- agencies, and the review rounds of cases (the round's submission, opinion, coordination
-- and discussion as JSON; status, reviewer and due date as columns for the queue).

-- +goose Up
CREATE TABLE major_catalogs (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    version        INTEGER NOT NULL,
    template       BOOLEAN NOT NULL DEFAULT FALSE,
    base_agency_id BIGINT NOT NULL DEFAULT 0,
    base_version   INTEGER NOT NULL DEFAULT 0,
    data           TEXT NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, version)
);

CREATE TABLE review_pools (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    agencies   TEXT NOT NULL,
    reviewers  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE review_rounds (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    round       INTEGER NOT NULL,
    status      TEXT NOT NULL,
    reviewer_id BIGINT NOT NULL,
    due_on      DATE,
    opinion     TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, round)
);
CREATE INDEX review_rounds_reviewer ON review_rounds (reviewer_id, status, due_on);

-- +goose StatementBegin
CREATE FUNCTION major_catalogs_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER major_catalogs_append_only BEFORE UPDATE OR DELETE ON major_catalogs
    FOR EACH ROW EXECUTE FUNCTION major_catalogs_append_only();
CREATE TRIGGER review_rounds_kept BEFORE DELETE ON review_rounds
    FOR EACH ROW EXECUTE FUNCTION major_catalogs_append_only();

-- +goose Down
DROP TABLE review_rounds;
DROP TABLE review_pools;
DROP TABLE major_catalogs;
DROP FUNCTION major_catalogs_append_only();
