-- Case numbers on PostgreSQL come from case_counters again (issue 11): the filing runs
-- at READ COMMITTED and its bump of the counter row, the last statement before the
-- case's rows, is the number lock of its agency, year and kind (sqlstore/case.go).
-- Cases filed before were numbered from the highest seq of their sequence under an
-- advisory lock, without bumping the counter: set each counter to that highest number.

-- +goose Up
INSERT INTO case_counters (agency_id, year, kind, value)
SELECT agency_id, year, kind, max(seq) FROM cases GROUP BY agency_id, year, kind
ON CONFLICT (agency_id, year, kind) DO UPDATE SET value = GREATEST(case_counters.value, excluded.value);

-- +goose Down
-- The counters stay: the numbering of before reads the greater of them and the cases.
SELECT 1;
