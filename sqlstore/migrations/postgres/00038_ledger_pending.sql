-- Ledger entries committed but not yet sequenced (issue 11). On PostgreSQL a business
-- transaction that does not need its entry's index inserts the entry here (its canonical
-- bytes, the case it is linked to and the openings of its committed fields) instead of
-- bumping ledger_state's 'next' row: the identity column is not transactional, so
-- concurrent writers never wait on each other. The sequencer (sqlstore/sequencer.go), one
-- at a time under the ledger's append lock, moves committed rows into ledger_entries
-- under the next indexes, links them to their case, stores their openings and deletes
-- them, in one transaction. A committed row is part of the record until then: zhifa
-- verify checks it. SQLite, with its single writer, appends inline and leaves this table
-- empty. Rows are never updated.

-- +goose Up
CREATE TABLE ledger_pending (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    data       BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    case_id    BIGINT REFERENCES cases (id),
    kind       TEXT NOT NULL,
    openings   TEXT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION ledger_pending_no_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_pending rows are never updated' USING ERRCODE = 'restrict_violation';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_pending_no_update BEFORE UPDATE ON ledger_pending
    FOR EACH ROW EXECUTE FUNCTION ledger_pending_no_update();

-- A lock object, no rows: on PostgreSQL a write transaction that failed for a
-- serialization failure runs again holding LOCK TABLE serial_writes from its first
-- statement, so the writes that collided take turns (sqlstore.go, DB.run).
CREATE TABLE serial_writes (
    id INTEGER PRIMARY KEY
);

-- +goose Down
DROP TABLE serial_writes;
DROP TABLE ledger_pending;
DROP FUNCTION ledger_pending_no_update();
