-- Queues at province scale (issue #11):
--   * case_officers relates each case to the officers who handle it (the case's
--     officer_ids, rewritten with the case in the same transaction; like officer_ids it
--     names officers without a foreign key), so that 我的案件 —
--     the cases an officer handles — is one index range in case order (officer_id, case_id);
--   * the filings list pages by keyset (id < cursor) within an agency and by each filter,
--     so every filter has an index ending in id; so does the approvals list, unfiltered
--     by status, within the agency or asked of one approver.

-- +goose Up
CREATE TABLE case_officers (
    officer_id BIGINT NOT NULL,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (officer_id, case_id)
);
CREATE INDEX case_officers_case ON case_officers (case_id);

INSERT OR IGNORE INTO case_officers (officer_id, case_id)
SELECT j.value, c.id FROM cases c, json_each(c.officer_ids) j;

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
