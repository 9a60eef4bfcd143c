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
SELECT DISTINCT o.officer_id, k.due, k.case_id, k.kind, k.agency_id FROM case_clocks k JOIN case_officers o ON o.case_id = k.case_id;

-- +goose Down
DROP INDEX officer_clocks_case;
DROP TABLE officer_clocks;
