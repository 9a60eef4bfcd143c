-- Act dates and the decision-period rule (issue 10). Each case event keeps the day of the act
-- besides the instant it was entered, and the reason an act dated before that day was
-- recorded late (补录). Events from before this migration keep no act day (NULL).

-- +goose Up
ALTER TABLE case_events ADD COLUMN acted_on TEXT;
ALTER TABLE case_events ADD COLUMN backdate_reason TEXT NOT NULL DEFAULT '';
-- The agency's rule for extending the 90-day decision period (行政处罚法第六十条): the days
-- of one extension and how many extensions the head alone may approve; 0 is the default
-- (30 days, one extension; further ones only by collective discussion).
ALTER TABLE agencies ADD COLUMN decision_extend_days INTEGER NOT NULL DEFAULT 0 CHECK (decision_extend_days BETWEEN 0 AND 90);
ALTER TABLE agencies ADD COLUMN decision_head_extends INTEGER NOT NULL DEFAULT 0 CHECK (decision_head_extends BETWEEN 0 AND 5);

-- +goose Down
ALTER TABLE agencies DROP COLUMN decision_head_extends;
ALTER TABLE agencies DROP COLUMN decision_extend_days;
ALTER TABLE case_events DROP COLUMN backdate_reason;
ALTER TABLE case_events DROP COLUMN acted_on;
