-- An agency's evaluation of its own case files (案卷自查, issue 14, REQUIREMENTS F4: "the
-- justice bureau, or an agency for itself, creates an evaluation"). file_evaluations gains
-- self_check: the evaluation is organised by the evaluated agency itself over its own
-- closed cases, with the bureau's checklist; its evaluators are the agency's own staff,
-- never one who handled, reviewed or approved the file. A self-check is never published
-- on the portal as the bureau's results.

-- +goose Up
ALTER TABLE file_evaluations ADD COLUMN self_check BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE file_evaluations DROP COLUMN self_check;
