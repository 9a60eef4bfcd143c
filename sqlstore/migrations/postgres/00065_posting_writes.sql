-- A filing's postings (issue 11; BenchmarkCaseWrites with auto_explain and
-- pg_stat_statements, track = all): the statement that writes a filing's rows spent a
-- sixth of its time on the ~40 bigram postings, three WAL records each (the row, its
-- primary key and its index on case_id). case_terms loses the index on case_id: every
-- read of the postings gives the term (a search's scan of one bigram, its probes by term
-- and case), and the one write that names the case, the removal of a case's changed
-- bigrams (sqlstore/search.go, changeTerms), names the terms too, so the primary key
-- (term, case_id) answers both. A filing writes 41 index entries and WAL records fewer.
-- What is stored and what a search finds are unchanged.

-- +goose Up
DROP INDEX case_terms_case;

-- +goose Down
CREATE INDEX case_terms_case ON case_terms (case_id);
