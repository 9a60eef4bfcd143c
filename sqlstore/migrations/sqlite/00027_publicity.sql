-- Publication of decisions (执法公示, issue 13; REQUIREMENTS C3–C5).
--   * publications: one row per decision that must be published, in its agency's queue
--     from the decision on (status queued → prepared → published, or declined with a
--     legal ground; published → withdrawn). draft and redactions are the handler's
--     internal work; public_text and the public_* columns are what the portal shows.
--     One publication per case (a corrected publication updates its row, the ledger
--     keeps every version).
--   * publication_terms: the character bigrams of a publication's searchable public
--     text (案号, party as published, credit code, agency, item), as case_terms does for
--     cases: the portal's search reads one posting range in id order; a search by
--     统一社会信用代码 is one range of publications_code.
--   * publicity_rules: an agency's own rule (summary and 不予处罚 decisions published,
--     shorter periods, the low-fine threshold of 公示规定第十三条).

-- +goose Up
CREATE TABLE publications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id       BIGINT NOT NULL REFERENCES agencies (id),
    agency_path     TEXT NOT NULL,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    case_number     TEXT NOT NULL,
    item_id         BIGINT NOT NULL,
    item_name       TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('penalty', 'no_penalty', 'compulsory', 'inspection')),
    status          TEXT NOT NULL CHECK (status IN ('queued', 'prepared', 'published', 'declined', 'withdrawn')),
    decided_on      TEXT NOT NULL,
    due             TEXT NOT NULL,
    public_party    TEXT NOT NULL DEFAULT '',
    public_code     TEXT NOT NULL DEFAULT '',
    conclusion      TEXT NOT NULL DEFAULT '',
    draft           TEXT NOT NULL DEFAULT '',
    redactions      TEXT NOT NULL DEFAULT '[]',
    secrets         TEXT NOT NULL DEFAULT '[]',
    public_text     TEXT NOT NULL DEFAULT '',
    search_doc      TEXT NOT NULL DEFAULT '',
    prepared_by     BIGINT NOT NULL DEFAULT 0,
    approved_by     BIGINT NOT NULL DEFAULT 0,
    published_on    TEXT,
    display_until   TEXT,
    entry           BIGINT NOT NULL DEFAULT 0,
    ground          TEXT NOT NULL DEFAULT '',
    ground_reason   TEXT NOT NULL DEFAULT '',
    withdraw_due    TEXT,
    withdrawn_on    TEXT,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    withdraw_entry  BIGINT NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX publications_case ON publications (case_id);
CREATE INDEX publications_agency_status ON publications (agency_id, status, id);
CREATE INDEX publications_status_due ON publications (status, due, agency_id);
CREATE INDEX publications_status_id ON publications (status, id);
CREATE INDEX publications_withdraw_due ON publications (withdraw_due, agency_id);
CREATE INDEX publications_code ON publications (public_code, id);

CREATE TABLE publication_terms (
    term   TEXT NOT NULL,
    pub_id BIGINT NOT NULL REFERENCES publications (id),
    PRIMARY KEY (term, pub_id)
);
CREATE INDEX publication_terms_pub ON publication_terms (pub_id);

CREATE TABLE publicity_rules (
    agency_id          BIGINT PRIMARY KEY REFERENCES agencies (id),
    publish_summary    BOOLEAN NOT NULL DEFAULT FALSE,
    publish_no_penalty BOOLEAN NOT NULL DEFAULT FALSE,
    penalty_days       INTEGER NOT NULL DEFAULT 0,
    other_days         INTEGER NOT NULL DEFAULT 0,
    low_fine_fen       BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE publicity_rules;
DROP INDEX publication_terms_pub;
DROP TABLE publication_terms;
DROP INDEX publications_code;
DROP INDEX publications_withdraw_due;
DROP INDEX publications_status_id;
DROP INDEX publications_status_due;
DROP INDEX publications_agency_status;
DROP INDEX publications_case;
DROP TABLE publications;
