-- Ledger entries committed but not yet sequenced (issue 11): see the PostgreSQL
-- migration. SQLite, with its single writer, appends inline and leaves this table empty;
-- it exists so that both engines have one schema.

-- +goose Up
CREATE TABLE ledger_pending (
    id         INTEGER PRIMARY KEY,
    data       BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    case_id    BIGINT REFERENCES cases (id),
    kind       TEXT NOT NULL,
    openings   TEXT NOT NULL
);
CREATE TRIGGER ledger_pending_no_update BEFORE UPDATE ON ledger_pending
BEGIN SELECT RAISE(ABORT, 'ledger_pending rows are never updated'); END;

-- A lock object, no rows: on PostgreSQL a write transaction that failed for a
-- serialization failure runs again holding LOCK TABLE serial_writes from its first
-- statement, so the writes that collided take turns (sqlstore.go, DB.run).
CREATE TABLE serial_writes (
    id INTEGER PRIMARY KEY
);

-- +goose Down
DROP TABLE serial_writes;
DROP TABLE ledger_pending;
