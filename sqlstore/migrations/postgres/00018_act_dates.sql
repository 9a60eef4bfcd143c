-- Act dates (issue 10, 行政处罚法 order of acts): each case event keeps the day of the act
-- besides the instant it was entered, and the reason an act dated before that day was
-- recorded late (补录). Events from before this migration keep no act day (NULL).

-- +goose Up
ALTER TABLE case_events ADD COLUMN acted_on DATE;
ALTER TABLE case_events ADD COLUMN backdate_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE case_events DROP COLUMN backdate_reason;
ALTER TABLE case_events DROP COLUMN acted_on;
