-- Rule filings (REQUIREMENTS B3, B4): every new version of a discretion benchmark and every
-- change of an agency's own four-list entries is filed with the justice bureau like a
-- major decision (F6). Such a filing has no case: it names its subject (the benchmark or
-- list entry), a reference (item code or entry key) and the version filed.

-- +goose Up
ALTER TABLE filings ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE filings DROP CONSTRAINT filings_kind_check;
ALTER TABLE filings ADD COLUMN subject_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE filings ADD COLUMN subject_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE filings ADD COLUMN subject_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE filings ADD CONSTRAINT filings_kind_check CHECK (
    (kind IN ('penalty', 'compulsory', 'licence') AND case_id IS NOT NULL AND subject_id = 0)
    OR (kind IN ('benchmark', 'list') AND case_id IS NULL AND subject_id > 0 AND subject_version > 0));
CREATE UNIQUE INDEX filings_subject ON filings (kind, subject_id, subject_version) WHERE subject_id > 0;

-- +goose Down
ALTER TABLE filing_events DISABLE TRIGGER filing_events_append_only;
DELETE FROM filing_events WHERE filing_id IN (SELECT id FROM filings WHERE case_id IS NULL);
ALTER TABLE filing_events ENABLE TRIGGER filing_events_append_only;
DELETE FROM filings WHERE case_id IS NULL;
DROP INDEX filings_subject;
ALTER TABLE filings DROP CONSTRAINT filings_kind_check;
ALTER TABLE filings DROP COLUMN subject_version;
ALTER TABLE filings DROP COLUMN subject_ref;
ALTER TABLE filings DROP COLUMN subject_id;
ALTER TABLE filings ALTER COLUMN case_id SET NOT NULL;
ALTER TABLE filings ADD CONSTRAINT filings_kind_check CHECK (kind IN ('penalty', 'compulsory', 'licence'));
