-- The read path at province scale (issue #11): see the SQLite migration of the same
-- number for what each table and index is for; the schema means the same on both engines.

-- +goose Up
CREATE TABLE case_clocks (
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    kind      TEXT NOT NULL,
    due       DATE NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies (id)
);
CREATE INDEX case_clocks_case ON case_clocks (case_id);
CREATE INDEX case_clocks_due ON case_clocks (kind, due, case_id);

INSERT INTO case_clocks (case_id, kind, due, agency_id)
SELECT c.id, j.value ->> 'kind', (j.value ->> 'due')::date, c.agency_id
FROM cases c, jsonb_array_elements(c.clocks::jsonb) j
WHERE coalesce((j.value ->> 'done')::boolean, false) = false
  AND coalesce((j.value ->> 'paused')::boolean, false) = false
  AND j.value ->> 'due' IS NOT NULL;

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

-- +goose StatementBegin
CREATE FUNCTION documents_pdf_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.state <> 'draft' AND NEW.pdf_evidence_id IS DISTINCT FROM OLD.pdf_evidence_id THEN
        RAISE EXCEPTION 'documents: an issued document is frozen';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER documents_pdf_frozen BEFORE UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_pdf_frozen();

-- +goose Down
DROP TRIGGER documents_pdf_frozen ON documents;
DROP FUNCTION documents_pdf_frozen();
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
