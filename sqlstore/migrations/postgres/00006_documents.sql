-- Documents (文书, issue #4, REQUIREMENTS D1): drafts edited by the handler, then issued
-- (签发) and frozen: the final HTML is evidence (evidence_id, sha256) recorded on the case
-- (record_id). An issued document never changes again except its state becoming
-- 'corrected' when a correction (corrects = its id) is issued; nothing is ever deleted.

-- +goose Up
CREATE TABLE documents (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    issued_on    DATE,
    issued_by    BIGINT NOT NULL DEFAULT 0,
    issued_at    TIMESTAMPTZ,
    version      INTEGER NOT NULL,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, id);
CREATE UNIQUE INDEX documents_number ON documents (case_id, number) WHERE number <> '';

-- +goose StatementBegin
CREATE FUNCTION documents_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'documents: documents are never deleted';
    END IF;
    IF OLD.state <> 'draft' AND (NEW.state = 'draft' OR NEW.fields IS DISTINCT FROM OLD.fields
        OR NEW.number IS DISTINCT FROM OLD.number OR NEW.type IS DISTINCT FROM OLD.type
        OR NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.sha256 IS DISTINCT FROM OLD.sha256
        OR NEW.evidence_id IS DISTINCT FROM OLD.evidence_id OR NEW.record_id IS DISTINCT FROM OLD.record_id
        OR NEW.issued_on IS DISTINCT FROM OLD.issued_on OR NEW.issued_by IS DISTINCT FROM OLD.issued_by
        OR NEW.corrects IS DISTINCT FROM OLD.corrects) THEN
        RAISE EXCEPTION 'documents: an issued document is frozen';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

CREATE TRIGGER documents_frozen BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_frozen();

-- +goose Down
DROP TABLE documents;
DROP FUNCTION documents_frozen();
