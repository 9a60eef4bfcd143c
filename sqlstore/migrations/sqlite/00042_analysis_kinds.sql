-- More analytic warnings, and warnings as a source of prominent problems (issue 14, D5,
-- H4, F8, B2):
--   * analysis_warnings takes six more kinds (a case closed without a penalty after its
--     decision period, an officer acting without a certificate for the item's domain, a
--     catalog item unused for five years, complaints clustered on one target, a major
--     decision without a passed legal review, a step without its mandatory A/V record;
--     the last two are found over filings (kind) with review_rounds (case_id, round) and
--     case_events (action, acted_on) with case_records (case_id, kind, act)) and the
--     problem raised from it (problem_id), so the warning shows its problem;
--   * problems take the source 'warning' and origin: what the warning showed when the
--     problem was raised (kind, rule, finding, evidence as JSON), which survives the
--     warning's recomputation;
--   * three indexes behind the periodic rules: the cases of an item by filing month (an
--     item's last use is one probe), complaints by receipt day (the window of a cluster is
--     one range) and the events of one action in ID order (a run pages through a step's
--     events without sorting them).
-- SQLite cannot change a CHECK constraint, so both tables are rebuilt.

-- +goose Up
CREATE TABLE analysis_warnings_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('fine_outlier', 'repeated_endings', 'long_no_penalty', 'outside_certificate',
                   'idle_item', 'complaint_cluster', 'missing_review', 'missing_av')),
    subject    TEXT NOT NULL,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    rule       TEXT NOT NULL,
    finding    TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'explained', 'rectified', 'escalated', 'closed')),
    reason     TEXT NOT NULL DEFAULT '',
    deadline   TEXT,
    version    INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    problem_id BIGINT
);
INSERT INTO analysis_warnings_new (id, kind, subject, agency_id, rule, finding, evidence, state, reason, deadline, version,
    created_at, updated_at)
SELECT id, kind, subject, agency_id, rule, finding, evidence, state, reason, deadline, version, created_at, updated_at
FROM analysis_warnings;
DROP TABLE analysis_warnings;
ALTER TABLE analysis_warnings_new RENAME TO analysis_warnings;
CREATE UNIQUE INDEX analysis_warnings_subject ON analysis_warnings (kind, subject);
CREATE INDEX analysis_warnings_agency ON analysis_warnings (agency_id, id);
CREATE INDEX analysis_warnings_state ON analysis_warnings (state, id);

CREATE TABLE problems_new (
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
INSERT INTO problems_new (id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at)
SELECT id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at
FROM problems;
DROP TABLE problems;
ALTER TABLE problems_new RENAME TO problems;
CREATE INDEX problems_agency ON problems (agency_id, id);
CREATE INDEX problems_state ON problems (state, id);
CREATE INDEX problems_due ON problems (state, due_on);

CREATE INDEX case_stats_item_month ON case_stats (item_id, filed_month);
CREATE INDEX complaints_received ON complaints (received_on);
CREATE INDEX case_events_action_id ON case_events (action, id);

-- +goose Down
DROP INDEX case_events_action_id;
DROP INDEX complaints_received;
DROP INDEX case_stats_item_month;

DELETE FROM problems WHERE source = 'warning';
CREATE TABLE problems_old (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    bureau_id   BIGINT NOT NULL REFERENCES agencies (id),
    source      TEXT NOT NULL CHECK (source IN ('evaluation', 'complaint', 'review', 'fault')),
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
    updated_at  TIMESTAMP NOT NULL
);
INSERT INTO problems_old SELECT id, agency_id, bureau_id, source, source_id, title, detail, state, opened_on, due_on, report,
    reported_on, note, accepted_on, version, created_at, updated_at FROM problems;
DROP TABLE problems;
ALTER TABLE problems_old RENAME TO problems;
CREATE INDEX problems_agency ON problems (agency_id, id);
CREATE INDEX problems_state ON problems (state, id);
CREATE INDEX problems_due ON problems (state, due_on);

DELETE FROM analysis_warnings WHERE kind NOT IN ('fine_outlier', 'repeated_endings');
CREATE TABLE analysis_warnings_old (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('fine_outlier', 'repeated_endings')),
    subject    TEXT NOT NULL,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    rule       TEXT NOT NULL,
    finding    TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'explained', 'rectified', 'escalated', 'closed')),
    reason     TEXT NOT NULL DEFAULT '',
    deadline   TEXT,
    version    INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO analysis_warnings_old SELECT id, kind, subject, agency_id, rule, finding, evidence, state, reason, deadline,
    version, created_at, updated_at FROM analysis_warnings;
DROP TABLE analysis_warnings;
ALTER TABLE analysis_warnings_old RENAME TO analysis_warnings;
CREATE UNIQUE INDEX analysis_warnings_subject ON analysis_warnings (kind, subject);
CREATE INDEX analysis_warnings_agency ON analysis_warnings (agency_id, id);
CREATE INDEX analysis_warnings_state ON analysis_warnings (state, id);
