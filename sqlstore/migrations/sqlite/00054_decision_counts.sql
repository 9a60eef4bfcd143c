-- The penalty decisions of each agency and year (issue 14, sup1m): the denominator of the
-- 纠错率 (CorrectionStats, on every supervisor's dashboard) and of the assessment's
-- correction indicator, kept by triggers on case_stats as its rows are written, changed
-- or deleted, so that a year's rate reads one row per agency instead of counting the
-- year's decisions (172,000 index entries for a province at 1,000,000 cases). A decision
-- is a penalty case's case_stats row with its decision day (acted_on); the year is that
-- day's. The rows of existing cases are counted here.

-- +goose Up
CREATE TABLE decision_counts (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year      INTEGER NOT NULL,
    decisions BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

INSERT INTO decision_counts (agency_id, year, decisions)
SELECT agency_id, CAST(substr(acted_on, 1, 4) AS INTEGER), COUNT(*) FROM case_stats
WHERE kind = 'penalty' AND acted_on IS NOT NULL
GROUP BY agency_id, CAST(substr(acted_on, 1, 4) AS INTEGER);

-- +goose StatementBegin
CREATE TRIGGER case_stats_decisions_insert AFTER INSERT ON case_stats
WHEN NEW.kind = 'penalty' AND NEW.acted_on IS NOT NULL
BEGIN
    INSERT INTO decision_counts (agency_id, year, decisions)
    VALUES (NEW.agency_id, CAST(substr(NEW.acted_on, 1, 4) AS INTEGER), 1)
    ON CONFLICT (agency_id, year) DO UPDATE SET decisions = decision_counts.decisions + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_decisions_update AFTER UPDATE OF agency_id, kind, acted_on ON case_stats
WHEN (OLD.agency_id IS NOT NEW.agency_id OR OLD.kind IS NOT NEW.kind OR OLD.acted_on IS NOT NEW.acted_on)
    AND ((OLD.kind = 'penalty' AND OLD.acted_on IS NOT NULL) OR (NEW.kind = 'penalty' AND NEW.acted_on IS NOT NULL))
BEGIN
    UPDATE decision_counts SET decisions = decisions - 1
    WHERE OLD.kind = 'penalty' AND agency_id = OLD.agency_id AND year = CAST(substr(OLD.acted_on, 1, 4) AS INTEGER);
    INSERT INTO decision_counts (agency_id, year, decisions)
    SELECT NEW.agency_id, CAST(substr(NEW.acted_on, 1, 4) AS INTEGER), 1
    WHERE NEW.kind = 'penalty' AND NEW.acted_on IS NOT NULL
    ON CONFLICT (agency_id, year) DO UPDATE SET decisions = decision_counts.decisions + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_decisions_delete AFTER DELETE ON case_stats
WHEN OLD.kind = 'penalty' AND OLD.acted_on IS NOT NULL
BEGIN
    UPDATE decision_counts SET decisions = decisions - 1
    WHERE agency_id = OLD.agency_id AND year = CAST(substr(OLD.acted_on, 1, 4) AS INTEGER);
END;
-- +goose StatementEnd

-- The dashboard's count of a scope's warnings not yet closed reads each agency's open
-- ones, not every warning ever found (CountAnalysisWarnings); the licences of a scope
-- with one kind of decision are read newest first per agency (Licences).
CREATE INDEX analysis_warnings_unclosed ON analysis_warnings (agency_id, kind) WHERE state <> 'closed';
CREATE INDEX licences_agency_decision ON licences (agency_id, decision, id);

-- +goose Down
DROP INDEX licences_agency_decision;
DROP INDEX analysis_warnings_unclosed;
DROP TRIGGER case_stats_decisions_delete;
DROP TRIGGER case_stats_decisions_update;
DROP TRIGGER case_stats_decisions_insert;
DROP TABLE decision_counts;
