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

-- +goose Up
CREATE TABLE licences (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    valid_from     DATE,
    valid_until    DATE,
    decided_on     DATE NOT NULL,
    office         TEXT NOT NULL,
    revokes        TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    source_id      TEXT NOT NULL,
    digest         TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX licences_number ON licences (agency_id, number);
CREATE UNIQUE INDEX licences_source ON licences (agency_id, source, source_id);
CREATE INDEX licences_agency_id ON licences (agency_id, id);
CREATE INDEX licences_agency_decided ON licences (agency_id, decided_on);

CREATE TABLE licence_revisions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    licence_id BIGINT NOT NULL REFERENCES licences (id),
    version    INTEGER NOT NULL,
    digest     TEXT NOT NULL,
    changed    TEXT NOT NULL DEFAULT '[]',
    received   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX licence_revisions_version ON licence_revisions (licence_id, version);

ALTER TABLE publications ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE publications ADD COLUMN licence_id BIGINT REFERENCES licences (id);
ALTER TABLE publications ADD CONSTRAINT publications_subject CHECK ((case_id IS NULL) <> (licence_id IS NULL));
ALTER TABLE publications DROP CONSTRAINT publications_category_check;
ALTER TABLE publications ADD CONSTRAINT publications_category_check
    CHECK (category IN ('penalty', 'no_penalty', 'compulsory', 'inspection', 'licence'));
CREATE UNIQUE INDEX publications_licence ON publications (licence_id);

-- +goose Down
DELETE FROM publication_terms WHERE pub_id IN (SELECT id FROM publications WHERE licence_id IS NOT NULL);
DELETE FROM publications WHERE licence_id IS NOT NULL;
DROP INDEX publications_licence;
ALTER TABLE publications DROP CONSTRAINT publications_category_check;
ALTER TABLE publications ADD CONSTRAINT publications_category_check
    CHECK (category IN ('penalty', 'no_penalty', 'compulsory', 'inspection'));
ALTER TABLE publications DROP CONSTRAINT publications_subject;
ALTER TABLE publications DROP COLUMN licence_id;
ALTER TABLE publications ALTER COLUMN case_id SET NOT NULL;

DROP INDEX licence_revisions_version;
DROP TABLE licence_revisions;
DROP INDEX licences_agency_decided;
DROP INDEX licences_agency_id;
DROP INDEX licences_source;
DROP INDEX licences_number;
DROP TABLE licences;
