-- Whole-process-recording lists (全过程记录清单, REQUIREMENTS B5, D2): one row per version
-- of an agency's list, append-only. data holds the acts as JSON.

-- +goose Up
CREATE TABLE recording_lists (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    version    INTEGER NOT NULL,
    data       TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agency_id, version)
);
CREATE TRIGGER recording_lists_no_update BEFORE UPDATE ON recording_lists
BEGIN SELECT RAISE(ABORT, 'recording_lists is append-only'); END;
CREATE TRIGGER recording_lists_no_delete BEFORE DELETE ON recording_lists
BEGIN SELECT RAISE(ABORT, 'recording_lists is append-only'); END;

-- +goose Down
DROP TABLE recording_lists;
