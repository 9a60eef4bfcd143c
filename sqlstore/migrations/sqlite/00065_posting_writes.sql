-- A filing's postings (issue 11; see the migration of the same number for PostgreSQL):
-- case_terms loses its index on case_id. Every read of the postings gives the term, and
-- the removal of a case's changed bigrams gives the terms too, so the primary key
-- (term, case_id) answers both.

-- +goose Up
DROP INDEX case_terms_case;

-- +goose Down
CREATE INDEX case_terms_case ON case_terms (case_id);
