-- The statistics page and the supervisor's and head's dashboard charts (CaseStats) of a
-- province's year read a summary of case_stats instead of its rows (issue 14, stats1m):
-- five grouped passes over the year's 172,000 rows at 1,000,000 cases took 0.8 s. Kept by
-- triggers on case_stats, in the transaction that writes the row, like decision_counts
-- (00054): every writer of case_stats — a case's write path, the bulk copy of `zhifa
-- gen`, a migration's backfill — is counted without knowing of the summary, and a
-- failed write leaves no count behind. A read is bounded by agencies × months ×
-- categories, never by cases:
--   * case_stat_counts: the cases per agency, month filed, kind and stage, with those
--     decided under a decision deadline (timed) and those decided within it (on_time);
--     slot spreads concurrent writers of one group over several rows (case_id % 8): a
--     step locks the rows of its case's old and new stage until it commits, and without
--     slots the steps of one agency's cases filed in one month would queue on one row.
--     SQLite has one writer at a time and keeps every group in slot 0.
--   * case_fine_totals: the cases with a fine and the fines' sum per agency, month
--     filed and item; written only when a fine is decided or corrected.
-- Counts that fall to zero keep their row (a read skips them). The rows of existing cases
-- are counted here. The triggers run only when a counted column changes.

-- +goose Up
CREATE TABLE case_stat_counts (
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    filed_month TEXT NOT NULL,
    kind        TEXT NOT NULL,
    stage       TEXT NOT NULL,
    slot        INTEGER NOT NULL,
    cases       BIGINT NOT NULL,
    timed       BIGINT NOT NULL,
    on_time     BIGINT NOT NULL,
    PRIMARY KEY (agency_id, filed_month, kind, stage, slot)
);

CREATE TABLE case_fine_totals (
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    filed_month TEXT NOT NULL,
    item_id     BIGINT NOT NULL,
    fines       BIGINT NOT NULL,
    fine_fen    BIGINT NOT NULL,
    PRIMARY KEY (agency_id, filed_month, item_id)
);

INSERT INTO case_stat_counts (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
SELECT agency_id, filed_month, kind, stage, CAST(case_id % 8 AS INTEGER), COUNT(*), COUNT(on_time), coalesce(SUM(on_time), 0)
FROM case_stats GROUP BY agency_id, filed_month, kind, stage, CAST(case_id % 8 AS INTEGER);

INSERT INTO case_fine_totals (agency_id, filed_month, item_id, fines, fine_fen)
SELECT agency_id, filed_month, item_id, COUNT(*), SUM(fine_fen)
FROM case_stats WHERE fine_fen > 0 GROUP BY agency_id, filed_month, item_id;

-- case_stat_add and case_fine_add add a case's counts (or, negative, take them away)
-- to its group, making the row when it is the group's first.
-- +goose StatementBegin
CREATE FUNCTION case_stat_add(a BIGINT, m TEXT, k TEXT, s TEXT, sl BIGINT, n BIGINT, t BIGINT, o BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO case_stat_counts (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
    VALUES (a, m, k, s, sl, n, t, o)
    ON CONFLICT (agency_id, filed_month, kind, stage, slot) DO UPDATE SET
        cases = case_stat_counts.cases + excluded.cases, timed = case_stat_counts.timed + excluded.timed,
        on_time = case_stat_counts.on_time + excluded.on_time;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION case_fine_add(a BIGINT, m TEXT, i BIGINT, n BIGINT, f BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO case_fine_totals (agency_id, filed_month, item_id, fines, fine_fen)
    VALUES (a, m, i, n, f)
    ON CONFLICT (agency_id, filed_month, item_id) DO UPDATE SET
        fines = case_fine_totals.fines + excluded.fines, fine_fen = case_fine_totals.fine_fen + excluded.fine_fen;
$$;
-- +goose StatementEnd

-- A change takes the case from its old group and adds it to its new one in the groups'
-- key order, so that two cases moving between the same two groups in opposite
-- directions (one sent back to investigation as another goes to review) lock the two
-- rows in one order and cannot deadlock.
-- +goose StatementBegin
CREATE FUNCTION case_stats_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM case_stat_add(NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage, NEW.case_id % 8, 1,
            CASE WHEN NEW.on_time IS NULL THEN 0 ELSE 1 END, coalesce(NEW.on_time, 0));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM case_stat_add(OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage, OLD.case_id % 8, -1,
            CASE WHEN OLD.on_time IS NULL THEN 0 ELSE -1 END, -coalesce(OLD.on_time, 0));
    ELSIF (NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage) < (OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage) THEN
        PERFORM case_stat_add(NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage, NEW.case_id % 8, 1,
            CASE WHEN NEW.on_time IS NULL THEN 0 ELSE 1 END, coalesce(NEW.on_time, 0));
        PERFORM case_stat_add(OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage, OLD.case_id % 8, -1,
            CASE WHEN OLD.on_time IS NULL THEN 0 ELSE -1 END, -coalesce(OLD.on_time, 0));
    ELSE
        PERFORM case_stat_add(OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage, OLD.case_id % 8, -1,
            CASE WHEN OLD.on_time IS NULL THEN 0 ELSE -1 END, -coalesce(OLD.on_time, 0));
        PERFORM case_stat_add(NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage, NEW.case_id % 8, 1,
            CASE WHEN NEW.on_time IS NULL THEN 0 ELSE 1 END, coalesce(NEW.on_time, 0));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION case_stats_fines() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_fined boolean := TG_OP IN ('UPDATE', 'DELETE') AND OLD.fine_fen > 0;
    new_fined boolean := TG_OP IN ('INSERT', 'UPDATE') AND NEW.fine_fen > 0;
    new_first boolean := old_fined AND new_fined
        AND (NEW.agency_id, NEW.filed_month, NEW.item_id) < (OLD.agency_id, OLD.filed_month, OLD.item_id);
BEGIN
    IF new_first THEN
        PERFORM case_fine_add(NEW.agency_id, NEW.filed_month, NEW.item_id, 1, NEW.fine_fen);
    END IF;
    IF old_fined THEN
        PERFORM case_fine_add(OLD.agency_id, OLD.filed_month, OLD.item_id, -1, -OLD.fine_fen);
    END IF;
    IF new_fined AND NOT new_first THEN
        PERFORM case_fine_add(NEW.agency_id, NEW.filed_month, NEW.item_id, 1, NEW.fine_fen);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER case_stats_counts_insert AFTER INSERT ON case_stats
    FOR EACH ROW EXECUTE FUNCTION case_stats_counts();
CREATE TRIGGER case_stats_counts_update AFTER UPDATE OF agency_id, filed_month, kind, stage, on_time ON case_stats
    FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.filed_month IS DISTINCT FROM NEW.filed_month
        OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.stage IS DISTINCT FROM NEW.stage
        OR OLD.on_time IS DISTINCT FROM NEW.on_time)
    EXECUTE FUNCTION case_stats_counts();
CREATE TRIGGER case_stats_counts_delete AFTER DELETE ON case_stats
    FOR EACH ROW EXECUTE FUNCTION case_stats_counts();
CREATE TRIGGER case_stats_fines_insert AFTER INSERT ON case_stats
    FOR EACH ROW WHEN (NEW.fine_fen > 0) EXECUTE FUNCTION case_stats_fines();
CREATE TRIGGER case_stats_fines_update AFTER UPDATE OF agency_id, filed_month, item_id, fine_fen ON case_stats
    FOR EACH ROW WHEN ((OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.filed_month IS DISTINCT FROM NEW.filed_month
        OR OLD.item_id IS DISTINCT FROM NEW.item_id OR OLD.fine_fen IS DISTINCT FROM NEW.fine_fen)
        AND (OLD.fine_fen > 0 OR NEW.fine_fen > 0))
    EXECUTE FUNCTION case_stats_fines();
CREATE TRIGGER case_stats_fines_delete AFTER DELETE ON case_stats
    FOR EACH ROW WHEN (OLD.fine_fen > 0) EXECUTE FUNCTION case_stats_fines();

-- +goose Down
DROP TRIGGER case_stats_fines_delete ON case_stats;
DROP TRIGGER case_stats_fines_update ON case_stats;
DROP TRIGGER case_stats_fines_insert ON case_stats;
DROP TRIGGER case_stats_counts_delete ON case_stats;
DROP TRIGGER case_stats_counts_update ON case_stats;
DROP TRIGGER case_stats_counts_insert ON case_stats;
DROP FUNCTION case_stats_fines();
DROP FUNCTION case_stats_counts();
DROP FUNCTION case_fine_add(BIGINT, TEXT, BIGINT, BIGINT, BIGINT);
DROP FUNCTION case_stat_add(BIGINT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT);
DROP TABLE case_fine_totals;
DROP TABLE case_stat_counts;
