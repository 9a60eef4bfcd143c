-- The personnel warnings (App.PersonnelWarnings: the staff landing page of supervisors
-- and heads, GET /api/v1/warnings) read only the officers they show, from summaries kept
-- by triggers in the transaction that writes the rows (issue 11; like obligation_years,
-- 00063): they read every officer in scope, all their certificates and every officer's
-- training total of the year, on every landing page of a province's supervisor.
--   * training_years: each officer's training hours per calendar year (A4); the officers
--     short of 60 hours are those without a row of the year or with fewer hours.
--   * officer_standing: one row per officer with its agency, whether active, and its
--     current certificate — the one Certificates lists first (latest issued_on, then the
--     highest id; A2). warn_on is the day from which the certificate no longer covers
--     the 60-day horizon: its valid_until, or 0001-01-01 when there is no certificate,
--     its recorded state is not valid or it has no end, so that the officers without a
--     valid certificate and those whose certificate expires soon are one indexed range.
--   * agency_staffing: the active officers and legal reviewers of each agency (A3).
-- The rows of existing officers, certificates and trainings are summarised here.

-- +goose Up
CREATE TABLE training_years (
    officer_id BIGINT NOT NULL,
    year       INTEGER NOT NULL,
    hours      REAL NOT NULL,
    PRIMARY KEY (officer_id, year)
) WITHOUT ROWID;

INSERT INTO training_years (officer_id, year, hours)
SELECT officer_id, CAST(substr(date, 1, 4) AS INTEGER), SUM(hours)
FROM trainings GROUP BY officer_id, CAST(substr(date, 1, 4) AS INTEGER);

CREATE TABLE officer_standing (
    officer_id  BIGINT NOT NULL PRIMARY KEY,
    agency_id   BIGINT NOT NULL,
    active      BOOLEAN NOT NULL,
    cert_id     BIGINT,
    cert_state  TEXT,
    valid_from  TEXT,
    valid_until TEXT,
    warn_on     TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO officer_standing (officer_id, agency_id, active, warn_on)
SELECT id, agency_id, active, '0001-01-01' FROM officers;
UPDATE officer_standing SET (cert_id, cert_state, valid_from, valid_until) = (
    SELECT c.id, c.state, c.valid_from, c.valid_until FROM certificates c
    WHERE c.officer_id = officer_standing.officer_id ORDER BY c.issued_on DESC, c.id DESC LIMIT 1);
UPDATE officer_standing SET warn_on = CASE
    WHEN cert_id IS NULL OR cert_state <> 'valid' OR valid_until IS NULL THEN '0001-01-01' ELSE valid_until END;

CREATE INDEX officer_standing_warn ON officer_standing (agency_id, warn_on) WHERE active;
CREATE INDEX officer_standing_from ON officer_standing (agency_id, valid_from) WHERE active;

CREATE TABLE agency_staffing (
    agency_id BIGINT NOT NULL PRIMARY KEY,
    officers  BIGINT NOT NULL,
    reviewers BIGINT NOT NULL
) WITHOUT ROWID;

INSERT INTO agency_staffing (agency_id, officers, reviewers)
SELECT agency_id, COUNT(*), SUM(CASE WHEN reviewer THEN 1 ELSE 0 END) FROM officers WHERE active GROUP BY agency_id;

-- +goose StatementBegin
CREATE TRIGGER training_years_insert AFTER INSERT ON trainings
BEGIN
    INSERT INTO training_years (officer_id, year, hours)
    VALUES (NEW.officer_id, CAST(substr(NEW.date, 1, 4) AS INTEGER), NEW.hours)
    ON CONFLICT (officer_id, year) DO UPDATE SET hours = training_years.hours + excluded.hours;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER training_years_update AFTER UPDATE OF officer_id, date, hours ON trainings
WHEN OLD.officer_id IS NOT NEW.officer_id OR OLD.date IS NOT NEW.date OR OLD.hours IS NOT NEW.hours
BEGIN
    UPDATE training_years SET hours = hours - OLD.hours
    WHERE officer_id = OLD.officer_id AND year = CAST(substr(OLD.date, 1, 4) AS INTEGER);
    INSERT INTO training_years (officer_id, year, hours)
    VALUES (NEW.officer_id, CAST(substr(NEW.date, 1, 4) AS INTEGER), NEW.hours)
    ON CONFLICT (officer_id, year) DO UPDATE SET hours = training_years.hours + excluded.hours;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER training_years_delete AFTER DELETE ON trainings
BEGIN
    UPDATE training_years SET hours = hours - OLD.hours
    WHERE officer_id = OLD.officer_id AND year = CAST(substr(OLD.date, 1, 4) AS INTEGER);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER officer_standing_insert AFTER INSERT ON officers
BEGIN
    INSERT INTO officer_standing (officer_id, agency_id, active, warn_on) VALUES (NEW.id, NEW.agency_id, NEW.active, '0001-01-01');
    UPDATE officer_standing SET (cert_id, cert_state, valid_from, valid_until) = (
        SELECT c.id, c.state, c.valid_from, c.valid_until FROM certificates c
        WHERE c.officer_id = NEW.id ORDER BY c.issued_on DESC, c.id DESC LIMIT 1)
    WHERE officer_id = NEW.id;
    UPDATE officer_standing SET warn_on = CASE
        WHEN cert_id IS NULL OR cert_state <> 'valid' OR valid_until IS NULL THEN '0001-01-01' ELSE valid_until END
    WHERE officer_id = NEW.id;
    INSERT INTO agency_staffing (agency_id, officers, reviewers)
    SELECT NEW.agency_id, 1, CASE WHEN NEW.reviewer THEN 1 ELSE 0 END WHERE NEW.active
    ON CONFLICT (agency_id) DO UPDATE SET officers = agency_staffing.officers + 1,
        reviewers = agency_staffing.reviewers + excluded.reviewers;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER officer_standing_update AFTER UPDATE OF agency_id, active, reviewer ON officers
WHEN OLD.agency_id IS NOT NEW.agency_id OR OLD.active IS NOT NEW.active OR OLD.reviewer IS NOT NEW.reviewer
BEGIN
    UPDATE officer_standing SET agency_id = NEW.agency_id, active = NEW.active WHERE officer_id = NEW.id;
    UPDATE agency_staffing SET officers = officers - 1, reviewers = reviewers - CASE WHEN OLD.reviewer THEN 1 ELSE 0 END
    WHERE agency_id = OLD.agency_id AND OLD.active;
    INSERT INTO agency_staffing (agency_id, officers, reviewers)
    SELECT NEW.agency_id, 1, CASE WHEN NEW.reviewer THEN 1 ELSE 0 END WHERE NEW.active
    ON CONFLICT (agency_id) DO UPDATE SET officers = agency_staffing.officers + 1,
        reviewers = agency_staffing.reviewers + excluded.reviewers;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER officer_standing_delete AFTER DELETE ON officers
BEGIN
    DELETE FROM officer_standing WHERE officer_id = OLD.id;
    UPDATE agency_staffing SET officers = officers - 1, reviewers = reviewers - CASE WHEN OLD.reviewer THEN 1 ELSE 0 END
    WHERE agency_id = OLD.agency_id AND OLD.active;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER officer_standing_cert_insert AFTER INSERT ON certificates
BEGIN
    UPDATE officer_standing SET (cert_id, cert_state, valid_from, valid_until) = (
        SELECT c.id, c.state, c.valid_from, c.valid_until FROM certificates c
        WHERE c.officer_id = NEW.officer_id ORDER BY c.issued_on DESC, c.id DESC LIMIT 1)
    WHERE officer_id = NEW.officer_id;
    UPDATE officer_standing SET warn_on = CASE
        WHEN cert_id IS NULL OR cert_state <> 'valid' OR valid_until IS NULL THEN '0001-01-01' ELSE valid_until END
    WHERE officer_id = NEW.officer_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER officer_standing_cert_update AFTER UPDATE OF officer_id, issued_on, valid_from, valid_until, state ON certificates
BEGIN
    UPDATE officer_standing SET (cert_id, cert_state, valid_from, valid_until) = (
        SELECT c.id, c.state, c.valid_from, c.valid_until FROM certificates c
        WHERE c.officer_id = officer_standing.officer_id ORDER BY c.issued_on DESC, c.id DESC LIMIT 1)
    WHERE officer_id IN (OLD.officer_id, NEW.officer_id);
    UPDATE officer_standing SET warn_on = CASE
        WHEN cert_id IS NULL OR cert_state <> 'valid' OR valid_until IS NULL THEN '0001-01-01' ELSE valid_until END
    WHERE officer_id IN (OLD.officer_id, NEW.officer_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER officer_standing_cert_delete AFTER DELETE ON certificates
BEGIN
    UPDATE officer_standing SET (cert_id, cert_state, valid_from, valid_until) = (
        SELECT c.id, c.state, c.valid_from, c.valid_until FROM certificates c
        WHERE c.officer_id = OLD.officer_id ORDER BY c.issued_on DESC, c.id DESC LIMIT 1)
    WHERE officer_id = OLD.officer_id;
    UPDATE officer_standing SET warn_on = CASE
        WHEN cert_id IS NULL OR cert_state <> 'valid' OR valid_until IS NULL THEN '0001-01-01' ELSE valid_until END
    WHERE officer_id = OLD.officer_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER officer_standing_cert_delete;
DROP TRIGGER officer_standing_cert_update;
DROP TRIGGER officer_standing_cert_insert;
DROP TRIGGER officer_standing_delete;
DROP TRIGGER officer_standing_update;
DROP TRIGGER officer_standing_insert;
DROP TRIGGER training_years_delete;
DROP TRIGGER training_years_update;
DROP TRIGGER training_years_insert;
DROP TABLE agency_staffing;
DROP INDEX officer_standing_from;
DROP INDEX officer_standing_warn;
DROP TABLE officer_standing;
DROP TABLE training_years;
