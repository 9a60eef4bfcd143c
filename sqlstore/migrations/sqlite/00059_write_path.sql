-- The write path's server CPU (issue 11): case_terms loses its foreign key to cases, as
-- on PostgreSQL (see the migration of the same number there: the postings are written
-- only with their case, which is never deleted). SQLite cannot drop a key, so the table
-- is rebuilt, postings in key order: about 4 million postings (100,000 cases) took 9 s
-- here, so a store of 1,000,000 cases takes a minute or two once. The triggers of
-- case_stats are unchanged here.

-- +goose Up
CREATE TABLE case_terms_new (
    term    TEXT NOT NULL,
    case_id BIGINT NOT NULL,
    PRIMARY KEY (term, case_id)
);
INSERT INTO case_terms_new (term, case_id) SELECT term, case_id FROM case_terms ORDER BY term, case_id;
DROP TABLE case_terms;
ALTER TABLE case_terms_new RENAME TO case_terms;
CREATE INDEX case_terms_case ON case_terms (case_id);

-- +goose Down
CREATE TABLE case_terms_old (
    term    TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (term, case_id)
);
INSERT INTO case_terms_old (term, case_id) SELECT term, case_id FROM case_terms ORDER BY term, case_id;
DROP TABLE case_terms;
ALTER TABLE case_terms_old RENAME TO case_terms;
CREATE INDEX case_terms_case ON case_terms (case_id);
