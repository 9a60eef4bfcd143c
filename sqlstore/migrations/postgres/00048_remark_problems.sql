-- Social supervisors' remarks as a source of prominent problems, and their attachments
-- (issue 14, F5, F8): see the SQLite migration of the same number; the schema means the
-- same on both engines.

-- +goose Up
ALTER TABLE problems DROP CONSTRAINT problems_source_check;
ALTER TABLE problems ADD CONSTRAINT problems_source_check CHECK (source IN ('evaluation', 'complaint', 'review', 'fault', 'warning', 'remark'));

ALTER TABLE social_remarks ADD COLUMN problem_id BIGINT;

CREATE TABLE social_remark_files (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    remark_id  BIGINT NOT NULL REFERENCES social_remarks (id),
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    sm3        TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX social_remark_files_remark ON social_remark_files (remark_id, id);

-- +goose Down
DROP TABLE social_remark_files;
ALTER TABLE social_remarks DROP COLUMN problem_id;

DELETE FROM problems WHERE source = 'remark';
ALTER TABLE problems DROP CONSTRAINT problems_source_check;
ALTER TABLE problems ADD CONSTRAINT problems_source_check CHECK (source IN ('evaluation', 'complaint', 'review', 'fault', 'warning'));
