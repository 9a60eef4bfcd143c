-- The running clocks of each officer's cases in due order (issue 11): the officer's
-- to-do reads the first of them from officer_clocks' key instead of reading all the
-- officer's cases through case_officers and sorting their clocks (officer1's /staff/
-- took 3.0 s at 529,173 open cases). It is case_clocks joined with case_officers, one
-- row per officer, due day, case and kind, rewritten with them (readpath.go,
-- indexOfficerClocks).

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

INSERT INTO officer_clocks (officer_id, due, case_id, kind, agency_id)
SELECT DISTINCT o.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k JOIN case_officers o ON o.case_id = k.case_id;

-- +goose Down
DROP INDEX officer_clocks_case;
DROP TABLE officer_clocks;
