-- Base schema: agencies, officers, users, sessions, certificates, training, the
-- enforcement catalog and the audit log. Timestamps are UTC TIMESTAMP columns
-- (the driver parses them into time.Time); civil dates are 'YYYY-MM-DD' TEXT;
-- JSON arrays and objects are TEXT.

-- +goose Up
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES agencies (id),
    path        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL,
    type        TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    credit_code TEXT NOT NULL DEFAULT '',
    domains     TEXT NOT NULL DEFAULT '[]',
    duties      TEXT NOT NULL DEFAULT '',
    legal_basis TEXT NOT NULL DEFAULT '',
    head        TEXT NOT NULL DEFAULT '',
    review_unit TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX agencies_path ON agencies (path);
CREATE INDEX agencies_parent ON agencies (parent_id);

CREATE TABLE officers (
    id              INTEGER PRIMARY KEY,
    agency_id       INTEGER NOT NULL REFERENCES agencies (id),
    name            TEXT NOT NULL,
    id_number_enc   TEXT NOT NULL DEFAULT '',
    id_number_index TEXT UNIQUE,
    id_masked       TEXT NOT NULL DEFAULT '',
    sex             TEXT NOT NULL DEFAULT '',
    phone_enc       TEXT NOT NULL DEFAULT '',
    position        TEXT NOT NULL DEFAULT '',
    domains         TEXT NOT NULL DEFAULT '[]',
    reviewer        BOOLEAN NOT NULL DEFAULT FALSE,
    legal_qual      BOOLEAN NOT NULL DEFAULT FALSE,
    legal_qual_no   TEXT NOT NULL DEFAULT '',
    exam_passed     BOOLEAN NOT NULL DEFAULT FALSE,
    exam_date       TEXT,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX officers_agency ON officers (agency_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    officer_id    INTEGER REFERENCES officers (id),
    password_hash TEXT NOT NULL DEFAULT '',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE certificates (
    id           INTEGER PRIMARY KEY,
    officer_id   INTEGER NOT NULL REFERENCES officers (id),
    number       TEXT NOT NULL UNIQUE,
    issuer       TEXT NOT NULL DEFAULT '',
    issued_on    TEXT,
    valid_from   TEXT,
    valid_until  TEXT,
    domains      TEXT NOT NULL DEFAULT '[]',
    state        TEXT NOT NULL,
    state_reason TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX certificates_officer ON certificates (officer_id);

CREATE TABLE cert_events (
    id         INTEGER PRIMARY KEY,
    cert_id    INTEGER NOT NULL REFERENCES certificates (id),
    at         TIMESTAMP NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    actor_id   INTEGER REFERENCES users (id),
    actor      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cert_events_cert ON cert_events (cert_id, at);

CREATE TABLE annual_reviews (
    id          INTEGER PRIMARY KEY,
    cert_id     INTEGER NOT NULL REFERENCES certificates (id),
    year        INTEGER NOT NULL,
    passed      BOOLEAN NOT NULL,
    date        TEXT,
    note        TEXT NOT NULL DEFAULT '',
    actor_id    INTEGER REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (cert_id, year)
);

CREATE TABLE trainings (
    id         INTEGER PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers (id),
    date       TEXT NOT NULL,
    hours      REAL NOT NULL CHECK (hours >= 0),
    topic      TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    provider   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX trainings_officer_date ON trainings (officer_id, date);

CREATE TABLE items (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    category   TEXT NOT NULL,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    domain     TEXT NOT NULL DEFAULT '',
    basis      TEXT NOT NULL DEFAULT '[]',
    procedure  TEXT NOT NULL DEFAULT '',
    time_limit TEXT NOT NULL DEFAULT '',
    remedy     TEXT NOT NULL DEFAULT '',
    guide      TEXT NOT NULL DEFAULT '{}',
    flowchart  TEXT NOT NULL DEFAULT '[]',
    version    INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by INTEGER REFERENCES users (id)
);
CREATE INDEX items_agency ON items (agency_id);
CREATE INDEX items_category ON items (category);

CREATE TABLE item_versions (
    item_id    INTEGER NOT NULL REFERENCES items (id),
    version    INTEGER NOT NULL,
    snapshot   TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by INTEGER REFERENCES users (id),
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, version)
);

-- audit_log has no foreign keys: it records what happened, including attempts by
-- unknown logins, and must outlive anything it mentions.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER,
    login       TEXT NOT NULL DEFAULT '',
    agency_id   INTEGER,
    action      TEXT NOT NULL,
    object      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    success     BOOLEAN NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    object_path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE INDEX audit_log_object ON audit_log (object, at);
CREATE INDEX audit_log_agency ON audit_log (agency_id, at);
CREATE INDEX audit_log_object_path ON audit_log (object_path);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE item_versions;
DROP TABLE items;
DROP TABLE trainings;
DROP TABLE annual_reviews;
DROP TABLE cert_events;
DROP TABLE certificates;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE officers;
DROP TABLE agencies;
