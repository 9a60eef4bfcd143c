-- Evidence files (D1-D3) and the log of their reads (D4). The bytes live in blob
-- storage under their SHA-256; a row holds the metadata recorded on upload and points
-- at the ledger entry ("evidence.add") that holds the same metadata and both hashes.
-- Evidence, its officers and the access log are append-only: nothing is ever changed
-- or deleted.

-- +goose Up
CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    kind         TEXT NOT NULL CHECK (kind IN ('document', 'photo', 'audio', 'video', 'other')),
    title        TEXT NOT NULL DEFAULT '',
    mime         TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    sm3          TEXT NOT NULL CHECK (length(sm3) = 64),
    captured_at  TIMESTAMP NOT NULL,
    device_id    TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL DEFAULT '',
    lat          REAL CHECK (lat BETWEEN -90 AND 90),
    lng          REAL CHECK (lng BETWEEN -180 AND 180),
    case_ref     TEXT NOT NULL DEFAULT '',
    uploaded_at  TIMESTAMP NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    ledger_index INTEGER NOT NULL UNIQUE REFERENCES ledger_entries (idx),
    CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX evidence_agency ON evidence (agency_id, uploaded_at);
CREATE INDEX evidence_uploaded ON evidence (uploaded_at);
CREATE INDEX evidence_sha256 ON evidence (sha256);

-- The officers who recorded each evidence file.
CREATE TABLE evidence_officers (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    officer_id  INTEGER NOT NULL REFERENCES officers (id),
    PRIMARY KEY (evidence_id, officer_id)
);
CREATE INDEX evidence_officers_officer ON evidence_officers (officer_id);

-- Every read of an evidence file's content: who, when, from where, why. user_id is NULL
-- for a system actor; login keeps the name as it was.
CREATE TABLE evidence_access (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER,
    login       TEXT NOT NULL DEFAULT '',
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    reason      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_access_evidence ON evidence_access (evidence_id, at);
CREATE INDEX evidence_access_user ON evidence_access (user_id, at);

-- +goose StatementBegin
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_officers_no_update BEFORE UPDATE ON evidence_officers
BEGIN
    SELECT RAISE(ABORT, 'evidence_officers is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_officers_no_delete BEFORE DELETE ON evidence_officers
BEGIN
    SELECT RAISE(ABORT, 'evidence_officers is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_access_no_update BEFORE UPDATE ON evidence_access
BEGIN
    SELECT RAISE(ABORT, 'evidence_access is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_access_no_delete BEFORE DELETE ON evidence_access
BEGIN
    SELECT RAISE(ABORT, 'evidence_access is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE evidence_access;
DROP TABLE evidence_officers;
DROP TABLE evidence;
