-- Search at a million rows (issues 11 and 13; sqlstore/search.go):
--   * case_term_counts and publication_term_counts: how many postings each character
--     bigram has in case_terms and publication_terms, counted up to 1000 and then no
--     further (a count at 1000 stays there). A search drives its scan by the query's
--     rarest bigram by these counts instead of guessing from the bigram's shape. They
--     are written in the transaction that writes the postings; a count that reached the
--     cap is never written again, so the bigrams most filings share (公司, 〔2) are not
--     rows every filing must update. Filled here from the postings.
--   * cases_number: a whole 案号 is one entry, not the postings of its bigrams (which
--     most of an agency's cases share).
--   * publications_decided: the portal's date range reads its days in order;
--     publications_agency_id: an agency's decisions newest first (its publications of
--     both public statuses are one range, no sort).

-- +goose Up
CREATE TABLE case_term_counts (
    term TEXT PRIMARY KEY,
    n    BIGINT NOT NULL
);
CREATE TABLE publication_term_counts (
    term TEXT PRIMARY KEY,
    n    BIGINT NOT NULL
);
INSERT INTO case_term_counts (term, n) SELECT term, LEAST(COUNT(*), 1000) FROM case_terms GROUP BY term;
INSERT INTO publication_term_counts (term, n) SELECT term, LEAST(COUNT(*), 1000) FROM publication_terms GROUP BY term;
CREATE INDEX cases_number ON cases (number);
CREATE INDEX publications_decided ON publications (decided_on, id);
CREATE INDEX publications_agency_id ON publications (agency_id, id);

-- +goose Down
DROP INDEX publications_agency_id;
DROP INDEX publications_decided;
DROP INDEX cases_number;
DROP TABLE publication_term_counts;
DROP TABLE case_term_counts;
