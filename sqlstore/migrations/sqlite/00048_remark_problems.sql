-- Social supervisors' remarks as a source of prominent problems, and their attachments
-- (issue 14, REQUIREMENTS F5, F8):
--   * problems take the source 'remark': the justice bureau's supervisor raises a social
--     supervisor's remark (social_remarks) as a 突出问题;
--   * social_remarks.problem_id is the problem raised from the remark, so the remark
--     shows its problem (at most one: set once, like analysis_warnings.problem_id);
--   * social_remark_files: the photos and files a social supervisor attaches to a remark,
--     stored as evidence blobs named by their hashes (the complaint_files pattern).
-- SQLite cannot change a CHECK constraint, so problems is rebuilt with every column and
-- index (nothing references it by a foreign key).

-- +goose Up
CREATE TABLE problems_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    bureau_id   BIGINT NOT NULL REFERENCES agencies (id),
    source      TEXT NOT NULL CHECK (source IN ('evaluation', 'complaint', 'review', 'fault', 'warning', 'remark')),
    source_id   BIGINT NOT NULL,
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('open', 'reported', 'accepted')),
    opened_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    report      TEXT NOT NULL DEFAULT '',
    reported_on TEXT,
    note        TEXT NOT NULL DEFAULT '',
    accepted_on TEXT,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    origin      TEXT NOT NULL DEFAULT ''
);
INSERT INTO problems_new (id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at, origin)
SELECT id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at, origin
FROM problems;
DROP TABLE problems;
ALTER TABLE problems_new RENAME TO problems;
CREATE INDEX problems_agency ON problems (agency_id, id);
CREATE INDEX problems_state ON problems (state, id);
CREATE INDEX problems_due ON problems (state, due_on);

ALTER TABLE social_remarks ADD COLUMN problem_id BIGINT;

CREATE TABLE social_remark_files (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    remark_id  BIGINT NOT NULL REFERENCES social_remarks (id),
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    sm3        TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX social_remark_files_remark ON social_remark_files (remark_id, id);

-- +goose Down
DROP TABLE social_remark_files;
ALTER TABLE social_remarks DROP COLUMN problem_id;

DELETE FROM problems WHERE source = 'remark';
CREATE TABLE problems_old (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    bureau_id   BIGINT NOT NULL REFERENCES agencies (id),
    source      TEXT NOT NULL CHECK (source IN ('evaluation', 'complaint', 'review', 'fault', 'warning')),
    source_id   BIGINT NOT NULL,
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('open', 'reported', 'accepted')),
    opened_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    report      TEXT NOT NULL DEFAULT '',
    reported_on TEXT,
    note        TEXT NOT NULL DEFAULT '',
    accepted_on TEXT,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    origin      TEXT NOT NULL DEFAULT ''
);
INSERT INTO problems_old (id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at, origin)
SELECT id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at, origin
FROM problems;
DROP TABLE problems;
ALTER TABLE problems_old RENAME TO problems;
CREATE INDEX problems_agency ON problems (agency_id, id);
CREATE INDEX problems_state ON problems (state, id);
CREATE INDEX problems_due ON problems (state, due_on);
