-- Transfers of suspected crimes (移送涉嫌犯罪案件, REQUIREMENTS G3) and filings with the
-- justice bureau (备案审查, F6). A transfer row follows its case through the steps of
-- 行政执法机关移送涉嫌犯罪案件的规定 (Art. 5, 8, 9, 12); a filing is created with the decision
-- it files and keeps a snapshot of it; its review history is append-only.

-- +goose Up
CREATE TABLE case_transfers (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES cases (id),
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'rejected', 'approved', 'handed_over', 'accepted', 'declined', 'reconsidering')),
    facts          TEXT NOT NULL,
    offence        TEXT NOT NULL,
    proposed_at    TIMESTAMPTZ NOT NULL,
    proposed_by    TEXT NOT NULL,
    decision_due   DATE NOT NULL,
    decided_at     TIMESTAMPTZ,
    decided_by     TEXT NOT NULL DEFAULT '',
    reject_reason  TEXT NOT NULL DEFAULT '',
    handover_due   TIMESTAMPTZ,
    handed_over_at TIMESTAMPTZ,
    organ_kind     TEXT NOT NULL DEFAULT '',
    organ          TEXT NOT NULL DEFAULT '',
    reply          TEXT NOT NULL DEFAULT '' CHECK (reply IN ('', 'filed', 'declined')),
    reply_on       DATE,
    reply_reason   TEXT NOT NULL DEFAULT '',
    reconsidered   DATE,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_transfers_case ON case_transfers (case_id, id);
CREATE INDEX case_transfers_agency ON case_transfers (agency_id, status);

CREATE TABLE filings (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    case_number  TEXT NOT NULL,
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    kind         TEXT NOT NULL CHECK (kind IN ('penalty', 'compulsory', 'licence')),
    to_agency_id BIGINT REFERENCES agencies (id),
    reasons      TEXT NOT NULL,
    summary      TEXT NOT NULL,
    decided_on   DATE NOT NULL,
    due          DATE NOT NULL,
    filed_at     TIMESTAMPTZ NOT NULL,
    late         BOOLEAN NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('filed', 'reviewed', 'correction')),
    remark       TEXT NOT NULL DEFAULT '',
    reviewer_id  BIGINT NOT NULL DEFAULT 0,
    reviewer     TEXT NOT NULL DEFAULT '',
    reviewed_at  TIMESTAMPTZ,
    version      INTEGER NOT NULL,
    UNIQUE (case_id, kind)
);
CREATE INDEX filings_agency ON filings (agency_id, id);
CREATE INDEX filings_status ON filings (status, id);

CREATE TABLE filing_events (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    filing_id BIGINT NOT NULL REFERENCES filings (id),
    at        TIMESTAMPTZ NOT NULL,
    actor_id  BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    status    TEXT NOT NULL,
    remark    TEXT NOT NULL
);
CREATE INDEX filing_events_filing ON filing_events (filing_id, id);

-- case_history_append_only() comes with migration 00005.
CREATE TRIGGER filing_events_append_only BEFORE UPDATE OR DELETE ON filing_events
    FOR EACH ROW EXECUTE FUNCTION case_history_append_only();

-- +goose Down
DROP TABLE filing_events;
DROP TABLE filings;
DROP TABLE case_transfers;
