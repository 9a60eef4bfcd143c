-- Per-agency share of the statutory fine range that 从轻 keeps to (issue 10): a fine
-- given 从轻 lies in the lower lighter_share_pct percent of the range of the applicable
-- provision (国市监法规〔2022〕2号: 30%). 0 is the default (law.LighterShare).

-- +goose Up
ALTER TABLE agencies ADD COLUMN lighter_share_pct INTEGER NOT NULL DEFAULT 0 CHECK (lighter_share_pct BETWEEN 0 AND 50);

-- +goose Down
ALTER TABLE agencies DROP COLUMN lighter_share_pct;
