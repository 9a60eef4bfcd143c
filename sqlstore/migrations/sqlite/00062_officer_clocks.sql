-- The running clocks of each officer's cases in due order (issue 11): the officer's
-- to-do reads the first of them from officer_clocks' key instead of reading all the
-- officer's cases through case_officers and sorting their clocks (officer1's /staff/
-- took 3.0 s at 529,173 open cases). It is case_clocks joined with case_officers,
-- kept by triggers on both so that every writer (the app, the bulk copy of zhifa gen,
-- the bench fills) keeps it; a clock that case_clocks holds twice is one row here, and
-- goes when its last copy goes.

-- +goose Up
CREATE TABLE officer_clocks (
    officer_id BIGINT NOT NULL,
    due        TEXT NOT NULL,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL,
    agency_id  BIGINT NOT NULL,
    PRIMARY KEY (officer_id, due, case_id, kind)
);
CREATE INDEX officer_clocks_case ON officer_clocks (case_id);

INSERT OR IGNORE INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
SELECT o.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k JOIN case_officers o ON o.case_id = k.case_id;

-- +goose StatementBegin
CREATE TRIGGER case_clocks_officer_insert AFTER INSERT ON case_clocks
BEGIN
    INSERT OR IGNORE INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
    SELECT o.officer_id, NEW.due, NEW.case_id, NEW.kind, NEW.agency_id FROM case_officers o WHERE o.case_id = NEW.case_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_clocks_officer_delete AFTER DELETE ON case_clocks
BEGIN
    DELETE FROM officer_clocks WHERE case_id = OLD.case_id AND kind = OLD.kind AND due = OLD.due
        AND NOT EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_id = OLD.case_id AND k.kind = OLD.kind AND k.due = OLD.due);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_officers_clock_insert AFTER INSERT ON case_officers
BEGIN
    INSERT OR IGNORE INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
    SELECT NEW.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k WHERE k.case_id = NEW.case_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_officers_clock_delete AFTER DELETE ON case_officers
BEGIN
    DELETE FROM officer_clocks WHERE case_id = OLD.case_id AND officer_id = OLD.officer_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER case_officers_clock_delete;
DROP TRIGGER case_officers_clock_insert;
DROP TRIGGER case_clocks_officer_delete;
DROP TRIGGER case_clocks_officer_insert;
DROP INDEX officer_clocks_case;
DROP TABLE officer_clocks;
