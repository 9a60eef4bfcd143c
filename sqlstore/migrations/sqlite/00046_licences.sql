-- Licence decisions (行政许可决定) received from the agencies' licensing systems, published
-- and counted (issue 13, REQUIREMENTS C3, C6; 行政许可法第四十条):
--   * licences: one row per licence decision as the licensing system sent it. The
--     applicant's 身份证号 (applicant_id) is sealed like case parties' (AES-256-GCM, bound
--     to its column). A decision number is unique per agency; a source record (source,
--     source_id) is unique per agency, so a re-delivery is one record and a changed one
--     a correction (version up, the earlier digest in licence_revisions).
--   * publications: a publication is of a case or of a licence: case_id becomes
--     nullable beside licence_id, a CHECK keeps exactly one set, and the category takes
--     'licence'.
-- SQLite cannot change a column's NOT NULL or a CHECK: publications is rebuilt with every
-- index, and publication_terms (which references it) with it.

-- +goose Up
CREATE TABLE licences (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    agency_path    TEXT NOT NULL,
    item_id        BIGINT NOT NULL REFERENCES items (id),
    item_name      TEXT NOT NULL,
    number         TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('grant', 'refuse', 'change', 'renew', 'recall', 'revoke', 'cancel')),
    applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'org')),
    applicant_name TEXT NOT NULL,
    applicant_code TEXT NOT NULL DEFAULT '',
    applicant_id   TEXT NOT NULL DEFAULT '',
    legal_rep      TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL,
    valid_from     TEXT,
    valid_until    TEXT,
    decided_on     TEXT NOT NULL,
    office         TEXT NOT NULL,
    revokes        TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    source_id      TEXT NOT NULL,
    digest         TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX licences_number ON licences (agency_id, number);
CREATE UNIQUE INDEX licences_source ON licences (agency_id, source, source_id);
CREATE INDEX licences_agency_id ON licences (agency_id, id);
CREATE INDEX licences_agency_decided ON licences (agency_id, decided_on);

CREATE TABLE licence_revisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    licence_id BIGINT NOT NULL REFERENCES licences (id),
    version    INTEGER NOT NULL,
    digest     TEXT NOT NULL,
    changed    TEXT NOT NULL DEFAULT '[]',
    received   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX licence_revisions_version ON licence_revisions (licence_id, version);

CREATE TABLE publications_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id       BIGINT NOT NULL REFERENCES agencies (id),
    agency_path     TEXT NOT NULL,
    case_id         BIGINT REFERENCES cases (id),
    case_number     TEXT NOT NULL,
    item_id         BIGINT NOT NULL,
    item_name       TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('penalty', 'no_penalty', 'compulsory', 'inspection', 'licence')),
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
    updated_at      TIMESTAMP NOT NULL,
    stop_applied_on TEXT,
    stopped_on      TEXT,
    stop_reason     TEXT NOT NULL DEFAULT '',
    licence_id      BIGINT REFERENCES licences (id),
    CHECK ((case_id IS NULL) <> (licence_id IS NULL))
);
INSERT INTO publications_new (id, agency_id, agency_path, case_id, case_number, item_id, item_name, category, status, decided_on, due, public_party, public_code, conclusion, draft, redactions, secrets, public_text, search_doc, prepared_by, approved_by, published_on, display_until, entry, ground, ground_reason, withdraw_due, withdrawn_on, withdraw_reason, withdraw_entry, version, created_at, updated_at, stop_applied_on, stopped_on, stop_reason)
SELECT id, agency_id, agency_path, case_id, case_number, item_id, item_name, category, status, decided_on, due, public_party, public_code, conclusion, draft, redactions, secrets, public_text, search_doc, prepared_by, approved_by, published_on, display_until, entry, ground, ground_reason, withdraw_due, withdrawn_on, withdraw_reason, withdraw_entry, version, created_at, updated_at, stop_applied_on, stopped_on, stop_reason FROM publications;
CREATE TABLE publication_terms_new (
    term   TEXT NOT NULL,
    pub_id BIGINT NOT NULL REFERENCES publications_new (id),
    PRIMARY KEY (term, pub_id)
);
INSERT INTO publication_terms_new (term, pub_id) SELECT term, pub_id FROM publication_terms;
DROP TABLE publication_terms;
DROP TABLE publications;
ALTER TABLE publications_new RENAME TO publications;
ALTER TABLE publication_terms_new RENAME TO publication_terms;
CREATE UNIQUE INDEX publications_case ON publications (case_id);
CREATE INDEX publications_agency_status ON publications (agency_id, status, id);
CREATE INDEX publications_status_due ON publications (status, due, agency_id);
CREATE INDEX publications_status_id ON publications (status, id);
CREATE INDEX publications_withdraw_due ON publications (withdraw_due, agency_id);
CREATE INDEX publications_code ON publications (public_code, id);
CREATE INDEX publications_agency_decided ON publications (agency_id, decided_on);
CREATE INDEX publications_published_on ON publications (published_on, id);
CREATE INDEX publications_withdrawn_on ON publications (withdrawn_on, id);
CREATE INDEX publications_case_number ON publications (case_number);
CREATE INDEX publications_decided ON publications (decided_on, id);
CREATE INDEX publications_agency_id ON publications (agency_id, id);
CREATE UNIQUE INDEX publications_licence ON publications (licence_id);
CREATE INDEX publication_terms_pub ON publication_terms (pub_id);

-- +goose Down
DELETE FROM publication_terms WHERE pub_id IN (SELECT id FROM publications WHERE licence_id IS NOT NULL);
DELETE FROM publications WHERE licence_id IS NOT NULL;
CREATE TABLE publications_old (
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
    updated_at      TIMESTAMP NOT NULL,
    stop_applied_on TEXT,
    stopped_on      TEXT,
    stop_reason     TEXT NOT NULL DEFAULT ''
);
INSERT INTO publications_old (id, agency_id, agency_path, case_id, case_number, item_id, item_name, category, status, decided_on, due, public_party, public_code, conclusion, draft, redactions, secrets, public_text, search_doc, prepared_by, approved_by, published_on, display_until, entry, ground, ground_reason, withdraw_due, withdrawn_on, withdraw_reason, withdraw_entry, version, created_at, updated_at, stop_applied_on, stopped_on, stop_reason)
SELECT id, agency_id, agency_path, case_id, case_number, item_id, item_name, category, status, decided_on, due, public_party, public_code, conclusion, draft, redactions, secrets, public_text, search_doc, prepared_by, approved_by, published_on, display_until, entry, ground, ground_reason, withdraw_due, withdrawn_on, withdraw_reason, withdraw_entry, version, created_at, updated_at, stop_applied_on, stopped_on, stop_reason FROM publications;
CREATE TABLE publication_terms_old (
    term   TEXT NOT NULL,
    pub_id BIGINT NOT NULL REFERENCES publications_old (id),
    PRIMARY KEY (term, pub_id)
);
INSERT INTO publication_terms_old (term, pub_id) SELECT term, pub_id FROM publication_terms;
DROP TABLE publication_terms;
DROP TABLE publications;
ALTER TABLE publications_old RENAME TO publications;
ALTER TABLE publication_terms_old RENAME TO publication_terms;
CREATE UNIQUE INDEX publications_case ON publications (case_id);
CREATE INDEX publications_agency_status ON publications (agency_id, status, id);
CREATE INDEX publications_status_due ON publications (status, due, agency_id);
CREATE INDEX publications_status_id ON publications (status, id);
CREATE INDEX publications_withdraw_due ON publications (withdraw_due, agency_id);
CREATE INDEX publications_code ON publications (public_code, id);
CREATE INDEX publications_agency_decided ON publications (agency_id, decided_on);
CREATE INDEX publications_published_on ON publications (published_on, id);
CREATE INDEX publications_withdrawn_on ON publications (withdrawn_on, id);
CREATE INDEX publications_case_number ON publications (case_number);
CREATE INDEX publications_decided ON publications (decided_on, id);
CREATE INDEX publications_agency_id ON publications (agency_id, id);
CREATE INDEX publication_terms_pub ON publication_terms (pub_id);

DROP INDEX licence_revisions_version;
DROP TABLE licence_revisions;
DROP INDEX licences_agency_decided;
DROP INDEX licences_agency_id;
DROP INDEX licences_source;
DROP INDEX licences_number;
DROP TABLE licences;
