-- Queues at province scale (issue #11): see the SQLite migration of the same number for
-- what each table and index is for; the schema means the same on both engines.

-- +goose Up
CREATE TABLE case_officers (
    officer_id BIGINT NOT NULL,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (officer_id, case_id)
);
CREATE INDEX case_officers_case ON case_officers (case_id);

INSERT INTO case_officers (officer_id, case_id)
SELECT DISTINCT j.value::bigint, c.id FROM cases c, jsonb_array_elements_text(c.officer_ids::jsonb) j;

CREATE INDEX filings_kind ON filings (kind, id);
CREATE INDEX filings_agency_status ON filings (agency_id, status, id);
CREATE INDEX filings_agency_kind ON filings (agency_id, kind, id);
CREATE INDEX filings_agency_late ON filings (agency_id, late, status, id);
CREATE INDEX approval_requests_agency_id ON approval_requests (agency_id, id);
CREATE INDEX approval_requests_approver_id ON approval_requests (approver_id, id);

-- +goose Down
DROP INDEX approval_requests_approver_id;
DROP INDEX approval_requests_agency_id;
DROP INDEX filings_agency_late;
DROP INDEX filings_agency_kind;
DROP INDEX filings_agency_status;
DROP INDEX filings_kind;
DROP TABLE case_officers;
