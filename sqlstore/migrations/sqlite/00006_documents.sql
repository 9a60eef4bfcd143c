-- Documents (文书, issue #4, REQUIREMENTS D1): drafts edited by the handler, then issued
-- (签发) and frozen: the final HTML is evidence (evidence_id, sha256) recorded on the case
-- (record_id). An issued document never changes again except its state becoming
-- 'corrected' when a correction (corrects = its id) is issued; nothing is ever deleted.

-- +goose Up
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    type         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('draft', 'issued', 'corrected')),
    number       TEXT NOT NULL DEFAULT '',
    fields       TEXT NOT NULL,
    corrects     BIGINT REFERENCES documents (id),
    corrected_by BIGINT REFERENCES documents (id),
    evidence_id  BIGINT REFERENCES evidence (id),
    record_id    BIGINT REFERENCES case_records (id),
    sha256       TEXT NOT NULL DEFAULT '',
    issued_on    TEXT,
    issued_by    BIGINT NOT NULL DEFAULT 0,
    issued_at    TIMESTAMP,
    version      INTEGER NOT NULL,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, id);
CREATE UNIQUE INDEX documents_number ON documents (case_id, number) WHERE number <> '';

CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
WHEN OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.fields IS NOT OLD.fields OR NEW.number IS NOT OLD.number
    OR NEW.type IS NOT OLD.type OR NEW.case_id IS NOT OLD.case_id OR NEW.sha256 IS NOT OLD.sha256
    OR NEW.evidence_id IS NOT OLD.evidence_id OR NEW.record_id IS NOT OLD.record_id
    OR NEW.issued_on IS NOT OLD.issued_on OR NEW.issued_by IS NOT OLD.issued_by OR NEW.corrects IS NOT OLD.corrects)
BEGIN SELECT RAISE(ABORT, 'documents: an issued document is frozen'); END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'documents: documents are never deleted'); END;

-- +goose Down
DROP TABLE documents;
