-- Cases (案件, issue #4): the case row with its procedural state and clocks as JSON, its
-- parties (personal data encrypted by the store), its history, its records and the
-- per-agency, per-year, per-kind number counters. Events and records are append-only.

-- +goose Up
CREATE TABLE case_counters (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year      INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    value     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, year, kind)
);

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id         BIGINT NOT NULL REFERENCES agencies (id),
    number            TEXT NOT NULL,
    year              INTEGER NOT NULL,
    seq               BIGINT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('penalty', 'inspection', 'compulsory')),
    procedure         TEXT NOT NULL CHECK (procedure IN ('ordinary', 'summary')),
    item_id           BIGINT NOT NULL REFERENCES items (id),
    officer_ids       TEXT NOT NULL,
    occurred_on       TEXT,
    discovered_on     TEXT,
    harm              BOOLEAN NOT NULL DEFAULT FALSE,
    limitation_reason TEXT NOT NULL DEFAULT '',
    facts             TEXT NOT NULL DEFAULT '',
    stage             TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    state             TEXT NOT NULL,
    clocks            TEXT NOT NULL,
    next_due          TEXT,
    version           INTEGER NOT NULL,
    created_by        BIGINT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (agency_id, number),
    UNIQUE (agency_id, year, kind, seq)
);
CREATE INDEX cases_agency ON cases (agency_id, id);
CREATE INDEX cases_next_due ON cases (next_due);

CREATE TABLE case_parties (
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    seq             INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'org')),
    name            TEXT NOT NULL,
    id_number_enc   TEXT NOT NULL DEFAULT '',
    id_number_index TEXT,
    id_masked       TEXT NOT NULL DEFAULT '',
    credit_code     TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    phone_enc       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_parties_id ON case_parties (id_number_index);
CREATE INDEX case_parties_credit ON case_parties (credit_code);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    at          TIMESTAMP NOT NULL,
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    action      TEXT NOT NULL,
    actor_id    BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    approver_id BIGINT NOT NULL DEFAULT 0,
    approver    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- evidence_id has no foreign key yet: the evidence table comes with its own migration.
CREATE TABLE case_records (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL CHECK (kind IN ('document', 'av', 'photo', 'other')),
    title       TEXT NOT NULL,
    act         TEXT NOT NULL DEFAULT '',
    evidence_id BIGINT,
    created_at  TIMESTAMP NOT NULL,
    created_by  BIGINT NOT NULL
);
CREATE INDEX case_records_case ON case_records (case_id, kind, act);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_records_no_update BEFORE UPDATE ON case_records
BEGIN SELECT RAISE(ABORT, 'case_records is append-only'); END;
CREATE TRIGGER case_records_no_delete BEFORE DELETE ON case_records
BEGIN SELECT RAISE(ABORT, 'case_records is append-only'); END;

-- +goose Down
DROP TABLE case_records;
DROP TABLE case_events;
DROP TABLE case_parties;
DROP TABLE cases;
DROP TABLE case_counters;
