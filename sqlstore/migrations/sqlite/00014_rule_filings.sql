-- Rule filings (REQUIREMENTS B3, B4): every new version of a discretion benchmark and every
-- change of an agency's own four-list entries is filed with the justice bureau like a
-- major decision (F6). Such a filing has no case: it names its subject (the benchmark or
-- list entry), a reference (item code or entry key) and the version filed.
--
-- SQLite cannot drop a NOT NULL or a CHECK constraint, so both tables are rebuilt: the
-- children first (dropping filing_events before filings leaves no row referencing a
-- dropped parent), then filings_new is renamed, which rewrites the reference of
-- filing_events_new to "filings".

-- +goose Up
CREATE TABLE filings_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         BIGINT REFERENCES cases (id),
    case_number     TEXT NOT NULL,
    agency_id       BIGINT NOT NULL REFERENCES agencies (id),
    kind            TEXT NOT NULL,
    to_agency_id    BIGINT REFERENCES agencies (id),
    reasons         TEXT NOT NULL,
    summary         TEXT NOT NULL,
    decided_on      TEXT NOT NULL,
    due             TEXT NOT NULL,
    filed_at        TIMESTAMP NOT NULL,
    late            BOOLEAN NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('filed', 'reviewed', 'correction')),
    remark          TEXT NOT NULL DEFAULT '',
    reviewer_id     BIGINT NOT NULL DEFAULT 0,
    reviewer        TEXT NOT NULL DEFAULT '',
    reviewed_at     TIMESTAMP,
    version         INTEGER NOT NULL,
    subject_id      BIGINT NOT NULL DEFAULT 0,
    subject_ref     TEXT NOT NULL DEFAULT '',
    subject_version INTEGER NOT NULL DEFAULT 0,
    CHECK ((kind IN ('penalty', 'compulsory', 'licence') AND case_id IS NOT NULL AND subject_id = 0)
        OR (kind IN ('benchmark', 'list') AND case_id IS NULL AND subject_id > 0 AND subject_version > 0)),
    UNIQUE (case_id, kind)
);
INSERT INTO filings_new (id, case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due,
    filed_at, late, status, remark, reviewer_id, reviewer, reviewed_at, version)
SELECT id, case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due,
    filed_at, late, status, remark, reviewer_id, reviewer, reviewed_at, version FROM filings;

CREATE TABLE filing_events_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    filing_id BIGINT NOT NULL REFERENCES filings_new (id),
    at        TIMESTAMP NOT NULL,
    actor_id  BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    status    TEXT NOT NULL,
    remark    TEXT NOT NULL
);
INSERT INTO filing_events_new (id, filing_id, at, actor_id, actor, status, remark)
SELECT id, filing_id, at, actor_id, actor, status, remark FROM filing_events;

DROP TABLE filing_events;
DROP TABLE filings;
ALTER TABLE filings_new RENAME TO filings;
ALTER TABLE filing_events_new RENAME TO filing_events;

CREATE INDEX filings_agency ON filings (agency_id, id);
CREATE INDEX filings_status ON filings (status, id);
CREATE UNIQUE INDEX filings_subject ON filings (kind, subject_id, subject_version) WHERE subject_id > 0;
CREATE INDEX filing_events_filing ON filing_events (filing_id, id);
CREATE TRIGGER filing_events_no_update BEFORE UPDATE ON filing_events
BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;
CREATE TRIGGER filing_events_no_delete BEFORE DELETE ON filing_events
BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;

-- +goose Down
DROP INDEX filings_subject;
CREATE TABLE filings_old (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    case_number  TEXT NOT NULL,
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    kind         TEXT NOT NULL CHECK (kind IN ('penalty', 'compulsory', 'licence')),
    to_agency_id BIGINT REFERENCES agencies (id),
    reasons      TEXT NOT NULL,
    summary      TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    due          TEXT NOT NULL,
    filed_at     TIMESTAMP NOT NULL,
    late         BOOLEAN NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('filed', 'reviewed', 'correction')),
    remark       TEXT NOT NULL DEFAULT '',
    reviewer_id  BIGINT NOT NULL DEFAULT 0,
    reviewer     TEXT NOT NULL DEFAULT '',
    reviewed_at  TIMESTAMP,
    version      INTEGER NOT NULL,
    UNIQUE (case_id, kind)
);
INSERT INTO filings_old (id, case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due,
    filed_at, late, status, remark, reviewer_id, reviewer, reviewed_at, version)
SELECT id, case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due,
    filed_at, late, status, remark, reviewer_id, reviewer, reviewed_at, version FROM filings WHERE case_id IS NOT NULL;
CREATE TABLE filing_events_old (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    filing_id BIGINT NOT NULL REFERENCES filings_old (id),
    at        TIMESTAMP NOT NULL,
    actor_id  BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    status    TEXT NOT NULL,
    remark    TEXT NOT NULL
);
INSERT INTO filing_events_old (id, filing_id, at, actor_id, actor, status, remark)
SELECT id, filing_id, at, actor_id, actor, status, remark FROM filing_events
WHERE filing_id IN (SELECT id FROM filings_old);
DROP TABLE filing_events;
DROP TABLE filings;
ALTER TABLE filings_old RENAME TO filings;
ALTER TABLE filing_events_old RENAME TO filing_events;
CREATE INDEX filings_agency ON filings (agency_id, id);
CREATE INDEX filings_status ON filings (status, id);
CREATE INDEX filing_events_filing ON filing_events (filing_id, id);
CREATE TRIGGER filing_events_no_update BEFORE UPDATE ON filing_events
BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;
CREATE TRIGGER filing_events_no_delete BEFORE DELETE ON filing_events
BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;
