-- The running clocks of each officer's cases in due order (issue 11): see the SQLite
-- migration of the same number; the schema means the same on both engines.

-- +goose Up
CREATE TABLE officer_clocks (
    officer_id BIGINT NOT NULL,
    due        DATE NOT NULL,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL,
    agency_id  BIGINT NOT NULL,
    PRIMARY KEY (officer_id, due, case_id, kind)
);
CREATE INDEX officer_clocks_case ON officer_clocks (case_id);

INSERT INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
SELECT o.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k JOIN case_officers o ON o.case_id = k.case_id
ON CONFLICT DO NOTHING;

-- +goose StatementBegin
CREATE FUNCTION case_clocks_officer_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
    SELECT o.officer_id, NEW.due, NEW.case_id, NEW.kind, NEW.agency_id FROM case_officers o WHERE o.case_id = NEW.case_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION case_clocks_officer_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM officer_clocks WHERE case_id = OLD.case_id AND kind = OLD.kind AND due = OLD.due
        AND NOT EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_id = OLD.case_id AND k.kind = OLD.kind AND k.due = OLD.due);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION case_officers_clock_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
    SELECT NEW.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k WHERE k.case_id = NEW.case_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION case_officers_clock_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM officer_clocks WHERE case_id = OLD.case_id AND officer_id = OLD.officer_id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER case_clocks_officer_insert AFTER INSERT ON case_clocks
    FOR EACH ROW EXECUTE FUNCTION case_clocks_officer_insert();
CREATE TRIGGER case_clocks_officer_delete AFTER DELETE ON case_clocks
    FOR EACH ROW EXECUTE FUNCTION case_clocks_officer_delete();
CREATE TRIGGER case_officers_clock_insert AFTER INSERT ON case_officers
    FOR EACH ROW EXECUTE FUNCTION case_officers_clock_insert();
CREATE TRIGGER case_officers_clock_delete AFTER DELETE ON case_officers
    FOR EACH ROW EXECUTE FUNCTION case_officers_clock_delete();

-- +goose Down
DROP TRIGGER case_officers_clock_delete ON case_officers;
DROP TRIGGER case_officers_clock_insert ON case_officers;
DROP TRIGGER case_clocks_officer_delete ON case_clocks;
DROP TRIGGER case_clocks_officer_insert ON case_clocks;
DROP FUNCTION case_officers_clock_delete();
DROP FUNCTION case_officers_clock_insert();
DROP FUNCTION case_clocks_officer_delete();
DROP FUNCTION case_clocks_officer_insert();
DROP INDEX officer_clocks_case;
DROP TABLE officer_clocks;
