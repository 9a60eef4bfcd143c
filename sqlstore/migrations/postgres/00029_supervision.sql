-- Supervision, part 1 (issue 14): complaints and reports from the public (投诉举报, F5) and
-- the outcomes of reconsideration and litigation against decisions (F7, I3).
--   * complaints: one row per matter; the complainant's name, phone and address are
--     encrypted (like officers' 身份证号); the query code is kept only as its SHA-256;
--     clocks are JSON like a case's, next_due their earliest running due date, so the
--     overdue filter is one index range; lists page by keyset (id < cursor) within an
--     agency and by each filter;
--   * complaint_files: attachments, stored as evidence blobs and named by their hashes;
--   * complaint_events: the append-only history (received, transferred with reason, …);
--   * reconsiderations: 行政复议 and 行政诉讼 against a case's decision, with outcome;
--   * case_events_action: the decisions of a year per agency, for the correction rate.

-- +goose Up
CREATE TABLE complaints (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    code_hash    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('complaint', 'report')),
    subject      TEXT NOT NULL CHECK (subject IN ('enterprise', 'conduct')),
    channel      TEXT NOT NULL CHECK (channel IN ('portal', '12345', '12315', 'phone', 'letter', 'visit', 'other')),
    external_ref TEXT NOT NULL DEFAULT '',
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    target       TEXT NOT NULL,
    content      TEXT NOT NULL,
    request      TEXT NOT NULL DEFAULT '',
    named        BOOLEAN NOT NULL,
    name_enc     TEXT NOT NULL DEFAULT '',
    phone_enc    TEXT NOT NULL DEFAULT '',
    address_enc  TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('received', 'accepted', 'refused', 'replied')),
    received_on  DATE NOT NULL,
    decided_on   DATE,
    reply_days   INTEGER NOT NULL DEFAULT 0,
    reply        TEXT NOT NULL DEFAULT '',
    replied_on   DATE,
    notified_on  DATE,
    case_id      BIGINT REFERENCES cases (id),
    clocks       TEXT NOT NULL,
    next_due     DATE,
    version      INTEGER NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaints_agency ON complaints (agency_id, id);
CREATE INDEX complaints_agency_state ON complaints (agency_id, state, id);
CREATE INDEX complaints_agency_due ON complaints (agency_id, next_due);
CREATE INDEX complaints_case ON complaints (case_id);

CREATE TABLE complaint_files (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    name         TEXT NOT NULL,
    mime         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    sm3          TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_files_complaint ON complaint_files (complaint_id, id);

CREATE TABLE complaint_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    action       TEXT NOT NULL,
    from_agency  BIGINT NOT NULL DEFAULT 0,
    to_agency    BIGINT NOT NULL DEFAULT 0,
    reason       TEXT NOT NULL DEFAULT '',
    actor_id     BIGINT NOT NULL DEFAULT 0,
    actor_name   TEXT NOT NULL DEFAULT '',
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

CREATE TABLE reconsiderations (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          BIGINT NOT NULL REFERENCES cases (id),
    agency_id        BIGINT NOT NULL REFERENCES agencies (id),
    kind             TEXT NOT NULL CHECK (kind IN ('reconsideration', 'litigation')),
    applicant_enc    TEXT NOT NULL,
    body             TEXT NOT NULL,
    received_on      DATE NOT NULL,
    via_agency       BOOLEAN NOT NULL DEFAULT FALSE,
    forwarded_on     DATE,
    copy_received_on DATE,
    answered_on      DATE,
    accepted_on      DATE,
    simple           BOOLEAN NOT NULL DEFAULT FALSE,
    instance         INTEGER NOT NULL DEFAULT 0,
    head_appears     BOOLEAN NOT NULL DEFAULT FALSE,
    appealed         BOOLEAN NOT NULL DEFAULT FALSE,
    outcome          TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'uphold', 'revoke', 'change', 'illegal', 'void', 'dismiss', 'mediate', 'terminate')),
    outcome_on       DATE,
    summary          TEXT NOT NULL DEFAULT '',
    clocks           TEXT NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX reconsiderations_case ON reconsiderations (case_id, id);
CREATE INDEX reconsiderations_agency_outcome ON reconsiderations (agency_id, outcome_on);

CREATE INDEX case_events_action ON case_events (action, acted_on);

-- +goose Down
DROP INDEX case_events_action;
DROP TABLE reconsiderations;
DROP TABLE complaint_events;
DROP TABLE complaint_files;
DROP TABLE complaints;
