-- The penalty decisions of each agency and year (issue 14, sup1m): the denominator of the
-- 纠错率 (CorrectionStats, on every supervisor's dashboard) and of the assessment's
-- correction indicator, kept by triggers on case_stats as its rows are written, changed
-- or deleted, so that a year's rate reads one row per agency instead of counting the
-- year's decisions (172,000 index entries for a province at 1,000,000 cases). A decision
-- is a penalty case's case_stats row with its decision day (acted_on); the year is that
-- day's. The rows of existing cases are counted here. A row is locked only when a
-- decision is made, changed or deleted: the update trigger runs only when the agency,
-- kind or decision day of a row changes.

-- +goose Up
CREATE TABLE decision_counts (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year      INTEGER NOT NULL,
    decisions BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

INSERT INTO decision_counts (agency_id, year, decisions)
SELECT agency_id, CAST(EXTRACT(YEAR FROM acted_on) AS INTEGER), COUNT(*) FROM case_stats
WHERE kind = 'penalty' AND acted_on IS NOT NULL
GROUP BY agency_id, CAST(EXTRACT(YEAR FROM acted_on) AS INTEGER);

-- +goose StatementBegin
CREATE FUNCTION case_stats_decisions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'penalty' AND OLD.acted_on IS NOT NULL THEN
        UPDATE decision_counts SET decisions = decisions - 1
        WHERE agency_id = OLD.agency_id AND year = CAST(EXTRACT(YEAR FROM OLD.acted_on) AS INTEGER);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'penalty' AND NEW.acted_on IS NOT NULL THEN
        INSERT INTO decision_counts (agency_id, year, decisions)
        VALUES (NEW.agency_id, CAST(EXTRACT(YEAR FROM NEW.acted_on) AS INTEGER), 1)
        ON CONFLICT (agency_id, year) DO UPDATE SET decisions = decision_counts.decisions + 1;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER case_stats_decisions_insert AFTER INSERT ON case_stats
    FOR EACH ROW WHEN (NEW.kind = 'penalty' AND NEW.acted_on IS NOT NULL) EXECUTE FUNCTION case_stats_decisions();
CREATE TRIGGER case_stats_decisions_update AFTER UPDATE OF agency_id, kind, acted_on ON case_stats
    FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.acted_on IS DISTINCT FROM NEW.acted_on)
    EXECUTE FUNCTION case_stats_decisions();
CREATE TRIGGER case_stats_decisions_delete AFTER DELETE ON case_stats
    FOR EACH ROW WHEN (OLD.kind = 'penalty' AND OLD.acted_on IS NOT NULL) EXECUTE FUNCTION case_stats_decisions();

-- The dashboard's count of a scope's warnings not yet closed reads each agency's open
-- ones, not every warning ever found (CountAnalysisWarnings); the licences of a scope
-- with one kind of decision are read newest first per agency (Licences).
CREATE INDEX analysis_warnings_unclosed ON analysis_warnings (agency_id, kind) WHERE state <> 'closed';
CREATE INDEX licences_agency_decision ON licences (agency_id, decision, id);

-- +goose Down
DROP INDEX licences_agency_decision;
DROP INDEX analysis_warnings_unclosed;
DROP TRIGGER case_stats_decisions_delete ON case_stats;
DROP TRIGGER case_stats_decisions_update ON case_stats;
DROP TRIGGER case_stats_decisions_insert ON case_stats;
DROP FUNCTION case_stats_decisions();
DROP TABLE decision_counts;
