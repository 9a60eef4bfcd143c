-- The tamper-evident ledger (package ledger): entries, the stored hashes of both
-- Merkle trees (SHA-256 and SM3, one row per stored-hash index) and signed
-- checkpoints, all append-only; and ledger_state, the two counters: 'next' (the
-- index the next entry gets; bumping it is what serializes appends) and
-- 'integrated' (entries whose stored hashes are written). Counters only grow.

-- +goose Up
CREATE TABLE ledger_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL CHECK (value >= 0)
);
INSERT INTO ledger_state (name, value) VALUES ('next', 0), ('integrated', 0);

CREATE TABLE ledger_entries (
    idx        INTEGER PRIMARY KEY,
    data       BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE ledger_hashes (
    idx    INTEGER PRIMARY KEY,
    sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
    sm3    BLOB NOT NULL CHECK (length(sm3) = 32)
);

CREATE TABLE ledger_checkpoints (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    size       INTEGER NOT NULL CHECK (size >= 0),
    note       BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ledger_checkpoints_size ON ledger_checkpoints (size);

-- +goose StatementBegin
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_hashes_no_update BEFORE UPDATE ON ledger_hashes
BEGIN
    SELECT RAISE(ABORT, 'ledger_hashes is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_hashes_no_delete BEFORE DELETE ON ledger_hashes
BEGIN
    SELECT RAISE(ABORT, 'ledger_hashes is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'ledger_checkpoints is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'ledger_checkpoints is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_state_only_grows BEFORE UPDATE ON ledger_state
WHEN NEW.name <> OLD.name OR NEW.value < OLD.value
BEGIN
    SELECT RAISE(ABORT, 'ledger_state counters only grow');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_state_no_delete BEFORE DELETE ON ledger_state
BEGIN
    SELECT RAISE(ABORT, 'ledger_state counters only grow');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_state_no_insert BEFORE INSERT ON ledger_state
BEGIN
    SELECT RAISE(ABORT, 'ledger_state counters only grow');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE ledger_checkpoints;
DROP TABLE ledger_hashes;
DROP TABLE ledger_entries;
DROP TABLE ledger_state;
