-- Case numbers come from case_counters on both engines (issue 11, sqlstore/case.go).
-- SQLite has always bumped the counter in the filing transaction, so its counters are
-- up to date; on PostgreSQL this migration sets them from the cases filed before. Set
-- every counter to at least the highest number of its sequence here too, so that the two
-- engines' migrations mean the same.

-- +goose Up
INSERT INTO case_counters (agency_id, year, kind, value)
SELECT agency_id, year, kind, max(seq) FROM cases WHERE true GROUP BY agency_id, year, kind
ON CONFLICT (agency_id, year, kind) DO UPDATE SET value = max(case_counters.value, excluded.value);

-- +goose Down
SELECT 1;
