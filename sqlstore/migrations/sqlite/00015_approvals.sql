-- Approvals are the approver's own act (issue 9 §1–2, REQUIREMENTS E5, A1).
--
-- agencies.supervises marks the justice bureau (司法行政部门) of its government: the one
-- agency whose supervisors read the agencies of that government and review its filings.
-- It is set by an admin whose scope covers the government, never derived from a role an
-- agency admin can give. Existing deployments keep their bureau: an agency directly under
-- a government with an active supervisor account is marked.
--
-- approval_requests: a handler asks a head (or the head's deputy) to take a step reserved
-- to the head; the request keeps the step, its input, the case version and a hash of the
-- case content it approves. approver_id names whom to ask; decided_by who decided.
--
-- delegations: a head names a deputy (指定负责人 / 分管负责人) who approves in the head's
-- place for a period.

-- +goose Up
ALTER TABLE agencies ADD COLUMN supervises BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE agencies SET supervises = TRUE
WHERE type <> 'government'
  AND parent_id IN (SELECT g.id FROM agencies g WHERE g.type = 'government')
  AND id IN (SELECT u.agency_id FROM users u WHERE u.role = 'supervisor' AND u.disabled = FALSE);

CREATE TABLE approval_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    action       TEXT NOT NULL,
    input        TEXT NOT NULL,
    case_version INTEGER NOT NULL,
    snapshot     TEXT NOT NULL,
    requester_id BIGINT NOT NULL REFERENCES users (id),
    requester    TEXT NOT NULL,
    approver_id  BIGINT NOT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by   BIGINT NOT NULL DEFAULT 0,
    decider      TEXT NOT NULL DEFAULT '',
    decided_at   TIMESTAMP,
    opinion      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX approval_requests_approver ON approval_requests (approver_id, status, id);
CREATE INDEX approval_requests_agency ON approval_requests (agency_id, status, id);
CREATE INDEX approval_requests_case ON approval_requests (case_id, id);

CREATE TABLE delegations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    head_id    BIGINT NOT NULL REFERENCES users (id),
    head       TEXT NOT NULL,
    deputy_id  BIGINT NOT NULL REFERENCES users (id),
    deputy     TEXT NOT NULL,
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    CHECK (to_date >= from_date)
);
CREATE INDEX delegations_deputy ON delegations (deputy_id, agency_id);
CREATE INDEX delegations_agency ON delegations (agency_id, id);

-- +goose Down
DROP TABLE delegations;
DROP TABLE approval_requests;
ALTER TABLE agencies DROP COLUMN supervises;
