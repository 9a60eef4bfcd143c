-- The read path at province scale (issue #11):
--   * case_clocks mirrors each running (not done, not paused) clock of a case, written by
--     the store in the same transaction as the case row, so that the warnings (H4) and
--     the clocks overview find the clocks due by a day with one indexed range instead of
--     reading and decoding every case;
--   * one index per filter of the case list (stage, kind, due), each ending in id so that
--     a filtered list pages by keyset (id < cursor) in index order;
--   * late filings are one index range;
--   * case_search holds the lower-cased searchable text of a case (案号, parties' names,
--     item code and name, officers' names) and case_terms its character bigrams: a query
--     of two or more characters is the intersection of its bigrams' postings, checked
--     against the text with LIKE (sqlstore/search.go). Personal numbers are found through
--     case_parties (blind index of 身份证号, credit code), never stored here.
-- case_search and case_terms are filled by the store when it opens (cases written before
-- this migration) and on every write of a case afterwards.

-- +goose Up
CREATE TABLE case_clocks (
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    kind      TEXT NOT NULL,
    due       TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies (id)
);
CREATE INDEX case_clocks_case ON case_clocks (case_id);
CREATE INDEX case_clocks_due ON case_clocks (kind, due, case_id);

INSERT INTO case_clocks (case_id, kind, due, agency_id)
SELECT c.id, json_extract(j.value, '$.kind'), json_extract(j.value, '$.due'), c.agency_id
FROM cases c, json_each(c.clocks) j
WHERE coalesce(json_extract(j.value, '$.done'), 0) = 0
  AND coalesce(json_extract(j.value, '$.paused'), 0) = 0
  AND json_extract(j.value, '$.due') IS NOT NULL;

CREATE INDEX cases_stage ON cases (stage, id);
CREATE INDEX cases_kind ON cases (kind, id);
CREATE INDEX cases_due ON cases (next_due, id);
DROP INDEX cases_next_due;
-- The same filters within an agency subtree: one range per agency in scope, so that a
-- bureau's filtered list and its capped count read only its matching cases.
CREATE INDEX cases_agency_stage ON cases (agency_id, stage, id);
CREATE INDEX cases_agency_kind ON cases (agency_id, kind, id);
CREATE INDEX cases_agency_due ON cases (agency_id, next_due, id);

CREATE INDEX filings_late ON filings (late, status, id);

CREATE TABLE case_search (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    doc     TEXT NOT NULL
);

CREATE TABLE case_terms (
    term    TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (term, case_id)
);
CREATE INDEX case_terms_case ON case_terms (case_id);

-- An issued document's PDF is printed once, when it is issued, and kept as evidence
-- beside its HTML (issue #11): the party receives the bytes the ledger sealed. Like the
-- rest of an issued document it is frozen.
ALTER TABLE documents ADD COLUMN pdf_evidence_id BIGINT REFERENCES evidence (id);
CREATE TRIGGER documents_pdf_frozen BEFORE UPDATE OF pdf_evidence_id ON documents
WHEN OLD.state <> 'draft' AND NEW.pdf_evidence_id IS NOT OLD.pdf_evidence_id
BEGIN SELECT RAISE(ABORT, 'documents: an issued document is frozen'); END;

-- +goose Down
DROP TRIGGER documents_pdf_frozen;
ALTER TABLE documents DROP COLUMN pdf_evidence_id;
DROP TABLE case_terms;
DROP TABLE case_search;
DROP INDEX filings_late;
CREATE INDEX cases_next_due ON cases (next_due);
DROP INDEX cases_agency_due;
DROP INDEX cases_agency_kind;
DROP INDEX cases_agency_stage;
DROP INDEX cases_due;
DROP INDEX cases_kind;
DROP INDEX cases_stage;
DROP TABLE case_clocks;
