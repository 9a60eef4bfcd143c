-- The ledger entries of each case (D1 whole-process recording): every case write links
-- the entry it appended, so the case file and the case page list the entries with their
-- proofs without scanning the log.

-- +goose Up
CREATE TABLE case_entries (
    entry_index BIGINT PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL
);
CREATE INDEX case_entries_case ON case_entries (case_id, entry_index);
CREATE TRIGGER case_entries_no_update BEFORE UPDATE ON case_entries
BEGIN SELECT RAISE(ABORT, 'case_entries is append-only'); END;
CREATE TRIGGER case_entries_no_delete BEFORE DELETE ON case_entries
BEGIN SELECT RAISE(ABORT, 'case_entries is append-only'); END;

-- +goose Down
DROP TABLE case_entries;
