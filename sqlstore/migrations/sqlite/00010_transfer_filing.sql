-- Transfers of suspected crimes (移送涉嫌犯罪案件, REQUIREMENTS G3) and filings with the
-- justice bureau (备案审查, F6). A transfer row follows its case through the steps of
-- 行政执法机关移送涉嫌犯罪案件的规定 (Art. 5, 8, 9, 12); a filing is created with the decision
-- it files and keeps a snapshot of it; its review history is append-only.

-- +goose Up
CREATE TABLE case_transfers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id        BIGINT NOT NULL REFERENCES cases (id),
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'rejected', 'approved', 'handed_over', 'accepted', 'declined', 'reconsidering')),
    facts          TEXT NOT NULL,
    offence        TEXT NOT NULL,
    proposed_at    TIMESTAMP NOT NULL,
    proposed_by    TEXT NOT NULL,
    decision_due   TEXT NOT NULL,
    decided_at     TIMESTAMP,
    decided_by     TEXT NOT NULL DEFAULT '',
    reject_reason  TEXT NOT NULL DEFAULT '',
    handover_due   TIMESTAMP,
    handed_over_at TIMESTAMP,
    organ_kind     TEXT NOT NULL DEFAULT '',
    organ          TEXT NOT NULL DEFAULT '',
    reply          TEXT NOT NULL DEFAULT '' CHECK (reply IN ('', 'filed', 'declined')),
    reply_on       TEXT,
    reply_reason   TEXT NOT NULL DEFAULT '',
    reconsidered   TEXT,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX case_transfers_case ON case_transfers (case_id, id);
CREATE INDEX case_transfers_agency ON case_transfers (agency_id, status);

CREATE TABLE filings (
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
CREATE INDEX filings_agency ON filings (agency_id, id);
CREATE INDEX filings_status ON filings (status, id);

CREATE TABLE filing_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    filing_id BIGINT NOT NULL REFERENCES filings (id),
    at        TIMESTAMP NOT NULL,
    actor_id  BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    status    TEXT NOT NULL,
    remark    TEXT NOT NULL
);
CREATE INDEX filing_events_filing ON filing_events (filing_id, id);

CREATE TRIGGER filing_events_no_update BEFORE UPDATE ON filing_events
BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;
CREATE TRIGGER filing_events_no_delete BEFORE DELETE ON filing_events
BEGIN SELECT RAISE(ABORT, 'filing_events is append-only'); END;

-- +goose Down
DROP TABLE filing_events;
DROP TABLE filings;
DROP TABLE case_transfers;
