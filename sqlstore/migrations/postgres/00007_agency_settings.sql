-- Per-agency case settings (issue #4): the statement period (陈述申辩期, working days; 0 is
-- the default of law.StatementDays) and the case-number template ('' is the default).
-- Records are looked up by their evidence file (one file, one act).

-- +goose Up
ALTER TABLE agencies ADD COLUMN statement_days INTEGER NOT NULL DEFAULT 0 CHECK (statement_days BETWEEN 0 AND 30);
ALTER TABLE agencies ADD COLUMN number_template TEXT NOT NULL DEFAULT '';
CREATE INDEX case_records_evidence ON case_records (evidence_id);

-- +goose Down
DROP INDEX case_records_evidence;
ALTER TABLE agencies DROP COLUMN number_template;
ALTER TABLE agencies DROP COLUMN statement_days;
