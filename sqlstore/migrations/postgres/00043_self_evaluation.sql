-- An agency's evaluation of its own case files (issue 14, F4): see the SQLite migration of
-- the same number; the schema means the same on both engines.

-- +goose Up
ALTER TABLE file_evaluations ADD COLUMN self_check BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE file_evaluations DROP COLUMN self_check;
