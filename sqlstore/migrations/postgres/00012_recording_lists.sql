-- Whole-process-recording lists (全过程记录清单, REQUIREMENTS B5, D2): one row per version
-- of an agency's list, append-only. data holds the acts as JSON.

-- +goose Up
CREATE TABLE recording_lists (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    version    INTEGER NOT NULL,
    data       TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, version)
);
CREATE TRIGGER recording_lists_append_only BEFORE UPDATE OR DELETE ON recording_lists
    FOR EACH ROW EXECUTE FUNCTION major_catalogs_append_only();

-- +goose Down
DROP TABLE recording_lists;
