-- Per-agency deadline for filing a summary-procedure decision (当场处罚决定备案,
-- 行政处罚法第五十二条第三款; issue 10), in working days from the decision. 0 is the
-- default (law.SummaryFilingDays).

-- +goose Up
ALTER TABLE agencies ADD COLUMN summary_filing_days INTEGER NOT NULL DEFAULT 0 CHECK (summary_filing_days BETWEEN 0 AND 30);

-- +goose Down
ALTER TABLE agencies DROP COLUMN summary_filing_days;
