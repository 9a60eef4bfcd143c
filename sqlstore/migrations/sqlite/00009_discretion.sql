-- Discretion (裁量, issue #5, REQUIREMENTS B3, B4): benchmarks per catalog item with every
-- version kept (append-only), the agencies' entries of the four lists (the built-in
-- entries from the statute live in package law), and the fines of decided cases for the
-- consistency aid (同案同罚).

-- +goose Up
CREATE TABLE benchmarks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    BIGINT NOT NULL UNIQUE REFERENCES items (id),
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    levels     TEXT NOT NULL,
    basis      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT
);

CREATE TABLE benchmark_versions (
    benchmark_id BIGINT NOT NULL REFERENCES benchmarks (id),
    version      INTEGER NOT NULL,
    snapshot     TEXT NOT NULL,
    changed_at   TIMESTAMP NOT NULL,
    changed_by   BIGINT,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (benchmark_id, version)
);

CREATE TABLE list_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    kind       TEXT NOT NULL CHECK (kind IN ('no_penalty', 'lighter', 'mitigated', 'no_compulsion')),
    item_id    BIGINT REFERENCES items (id),
    title      TEXT NOT NULL,
    conditions TEXT NOT NULL DEFAULT '',
    basis      TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    version    INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT
);
CREATE INDEX list_entries_agency ON list_entries (agency_id, kind, id);

CREATE TABLE decision_fines (
    case_id    BIGINT PRIMARY KEY REFERENCES cases (id),
    number     TEXT NOT NULL,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    item_id    BIGINT NOT NULL REFERENCES items (id),
    level      TEXT NOT NULL DEFAULT '',
    fine_fen   BIGINT NOT NULL,
    decided_on TEXT NOT NULL
);
CREATE INDEX decision_fines_item ON decision_fines (item_id, level, fine_fen);

CREATE TRIGGER benchmark_versions_no_update BEFORE UPDATE ON benchmark_versions
BEGIN SELECT RAISE(ABORT, 'benchmark_versions is append-only'); END;
CREATE TRIGGER benchmark_versions_no_delete BEFORE DELETE ON benchmark_versions
BEGIN SELECT RAISE(ABORT, 'benchmark_versions is append-only'); END;

-- +goose Down
DROP TABLE decision_fines;
DROP TABLE list_entries;
DROP TABLE benchmark_versions;
DROP TABLE benchmarks;
