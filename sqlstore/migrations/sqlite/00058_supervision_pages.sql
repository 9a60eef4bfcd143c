-- The supervision pages at 1,000,000 cases, measured through the HTTP server (issue 14,
-- supweb; BenchmarkSupervisionPages).
--
-- Every dashboard counts the publications overdue in the reader's scope: those queued or
-- prepared past their day to publish (publications_status_due) and those published past
-- their day to withdraw. Without an index on the second pair the planner read every
-- published row by publications_status_id (800,000 at a million cases: 400 ms on SQLite
-- for every dashboard); this one reads only the rows past their day.

-- +goose Up
CREATE INDEX publications_status_withdraw ON publications (status, withdraw_due, agency_id);

-- +goose Down
DROP INDEX publications_status_withdraw;
