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
-- PostgreSQL keeps dates as DATE and the ordering of Certificates (NULL issued_on first
-- in a DESC order), so the current certificate means here what it means to that query.

-- +goose Up
CREATE TABLE training_years (
    officer_id BIGINT NOT NULL,
    year       INTEGER NOT NULL,
    hours      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (officer_id, year)
);

INSERT INTO training_years (officer_id, year, hours)
SELECT officer_id, CAST(EXTRACT(YEAR FROM date) AS INTEGER), SUM(hours)
FROM trainings GROUP BY officer_id, CAST(EXTRACT(YEAR FROM date) AS INTEGER);

CREATE TABLE officer_standing (
    officer_id  BIGINT NOT NULL PRIMARY KEY,
    agency_id   BIGINT NOT NULL,
    active      BOOLEAN NOT NULL,
    cert_id     BIGINT,
    cert_state  TEXT,
    valid_from  DATE,
    valid_until DATE,
    warn_on     DATE NOT NULL
);

CREATE TABLE agency_staffing (
    agency_id BIGINT NOT NULL PRIMARY KEY,
    officers  BIGINT NOT NULL,
    reviewers BIGINT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION officer_standing_refresh(officer BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE officer_standing s SET cert_id = c.id, cert_state = c.state, valid_from = c.valid_from,
        valid_until = c.valid_until,
        warn_on = CASE WHEN c.id IS NULL OR c.state <> 'valid' OR c.valid_until IS NULL
            THEN DATE '0001-01-01' ELSE c.valid_until END
    FROM (SELECT officer AS officer_id) o
    LEFT JOIN LATERAL (SELECT id, state, valid_from, valid_until FROM certificates
        WHERE officer_id = officer ORDER BY issued_on DESC, id DESC LIMIT 1) c ON TRUE
    WHERE s.officer_id = o.officer_id;
$$;
-- +goose StatementEnd

INSERT INTO officer_standing (officer_id, agency_id, active, warn_on)
SELECT id, agency_id, active, DATE '0001-01-01' FROM officers;
SELECT officer_standing_refresh(id) FROM officers;

CREATE INDEX officer_standing_warn ON officer_standing (agency_id, warn_on) WHERE active;
CREATE INDEX officer_standing_from ON officer_standing (agency_id, valid_from) WHERE active;

INSERT INTO agency_staffing (agency_id, officers, reviewers)
SELECT agency_id, COUNT(*), SUM(CASE WHEN reviewer THEN 1 ELSE 0 END) FROM officers WHERE active GROUP BY agency_id;

-- +goose StatementBegin
CREATE FUNCTION training_years_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE training_years SET hours = hours - OLD.hours
        WHERE officer_id = OLD.officer_id AND year = CAST(EXTRACT(YEAR FROM OLD.date) AS INTEGER);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO training_years (officer_id, year, hours)
        VALUES (NEW.officer_id, CAST(EXTRACT(YEAR FROM NEW.date) AS INTEGER), NEW.hours)
        ON CONFLICT (officer_id, year) DO UPDATE SET hours = training_years.hours + excluded.hours;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION agency_staffing_add(agency BIGINT, d_officers BIGINT, d_reviewers BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO agency_staffing AS s (agency_id, officers, reviewers) VALUES (agency, d_officers, d_reviewers)
    ON CONFLICT (agency_id) DO UPDATE SET officers = s.officers + excluded.officers,
        reviewers = s.reviewers + excluded.reviewers;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION officer_standing_officers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO officer_standing (officer_id, agency_id, active, warn_on)
        VALUES (NEW.id, NEW.agency_id, NEW.active, DATE '0001-01-01');
        PERFORM officer_standing_refresh(NEW.id);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE officer_standing SET agency_id = NEW.agency_id, active = NEW.active WHERE officer_id = NEW.id;
    ELSE
        DELETE FROM officer_standing WHERE officer_id = OLD.id;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.active THEN
        PERFORM agency_staffing_add(OLD.agency_id, -1, -(CASE WHEN OLD.reviewer THEN 1 ELSE 0 END));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active THEN
        PERFORM agency_staffing_add(NEW.agency_id, 1, CASE WHEN NEW.reviewer THEN 1 ELSE 0 END);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION officer_standing_certs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM officer_standing_refresh(OLD.officer_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.officer_id <> OLD.officer_id) THEN
        PERFORM officer_standing_refresh(NEW.officer_id);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER training_years_insert AFTER INSERT ON trainings
    FOR EACH ROW EXECUTE FUNCTION training_years_count();
CREATE TRIGGER training_years_update AFTER UPDATE OF officer_id, date, hours ON trainings
    FOR EACH ROW WHEN (OLD.officer_id IS DISTINCT FROM NEW.officer_id OR OLD.date IS DISTINCT FROM NEW.date
        OR OLD.hours IS DISTINCT FROM NEW.hours)
    EXECUTE FUNCTION training_years_count();
CREATE TRIGGER training_years_delete AFTER DELETE ON trainings
    FOR EACH ROW EXECUTE FUNCTION training_years_count();

CREATE TRIGGER officer_standing_insert AFTER INSERT ON officers
    FOR EACH ROW EXECUTE FUNCTION officer_standing_officers();
CREATE TRIGGER officer_standing_update AFTER UPDATE OF agency_id, active, reviewer ON officers
    FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.active IS DISTINCT FROM NEW.active
        OR OLD.reviewer IS DISTINCT FROM NEW.reviewer)
    EXECUTE FUNCTION officer_standing_officers();
CREATE TRIGGER officer_standing_delete AFTER DELETE ON officers
    FOR EACH ROW EXECUTE FUNCTION officer_standing_officers();

CREATE TRIGGER officer_standing_cert_insert AFTER INSERT ON certificates
    FOR EACH ROW EXECUTE FUNCTION officer_standing_certs();
CREATE TRIGGER officer_standing_cert_update AFTER UPDATE OF officer_id, issued_on, valid_from, valid_until, state ON certificates
    FOR EACH ROW EXECUTE FUNCTION officer_standing_certs();
CREATE TRIGGER officer_standing_cert_delete AFTER DELETE ON certificates
    FOR EACH ROW EXECUTE FUNCTION officer_standing_certs();

-- +goose Down
DROP TRIGGER officer_standing_cert_delete ON certificates;
DROP TRIGGER officer_standing_cert_update ON certificates;
DROP TRIGGER officer_standing_cert_insert ON certificates;
DROP TRIGGER officer_standing_delete ON officers;
DROP TRIGGER officer_standing_update ON officers;
DROP TRIGGER officer_standing_insert ON officers;
DROP TRIGGER training_years_delete ON trainings;
DROP TRIGGER training_years_update ON trainings;
DROP TRIGGER training_years_insert ON trainings;
DROP FUNCTION officer_standing_certs();
DROP FUNCTION officer_standing_officers();
DROP FUNCTION agency_staffing_add(BIGINT, BIGINT, BIGINT);
DROP FUNCTION training_years_count();
DROP INDEX officer_standing_from;
DROP INDEX officer_standing_warn;
DROP FUNCTION officer_standing_refresh(BIGINT);
DROP TABLE agency_staffing;
DROP TABLE officer_standing;
DROP TABLE training_years;
