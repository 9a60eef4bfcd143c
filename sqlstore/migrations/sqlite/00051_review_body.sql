-- The reconsideration body of an agency's decisions where the agency tree does not give
-- it (行政复议法第二十七条: agencies under vertical leadership, tax and state security apply
-- to the superior department); '' means the tree's rule (law.ReconsiderationBody).

-- +goose Up
ALTER TABLE agencies ADD COLUMN review_body TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE agencies DROP COLUMN review_body;
