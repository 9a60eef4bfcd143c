-- Imported State Council holiday notices (package workday), applied in id order on top
-- of the calendar embedded in the binary. Append-only: a year is replaced by importing it
-- again, and the history of what was imported, when and by whom, is kept.

-- +goose Up
CREATE TABLE workday_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    notice      TEXT NOT NULL,
    years       TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE TRIGGER workday_imports_no_update BEFORE UPDATE ON workday_imports
BEGIN SELECT RAISE(ABORT, 'workday_imports is append-only'); END;
CREATE TRIGGER workday_imports_no_delete BEFORE DELETE ON workday_imports
BEGIN SELECT RAISE(ABORT, 'workday_imports is append-only'); END;

-- +goose Down
DROP TABLE workday_imports;
