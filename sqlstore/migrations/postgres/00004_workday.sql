-- Imported State Council holiday notices (package workday), applied in id order on top
-- of the calendar embedded in the binary. Append-only: a year is replaced by importing it
-- again, and the history of what was imported, when and by whom, is kept.

-- +goose Up
CREATE TABLE workday_imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice      TEXT NOT NULL,
    years       TEXT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    imported_by TEXT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION workday_imports_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'workday_imports is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER workday_imports_append_only BEFORE UPDATE OR DELETE ON workday_imports
    FOR EACH ROW EXECUTE FUNCTION workday_imports_append_only();

-- +goose Down
DROP TABLE workday_imports;
DROP FUNCTION workday_imports_append_only();
