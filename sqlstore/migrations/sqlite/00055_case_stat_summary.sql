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
--     slot spreads concurrent writers of one group over several rows on PostgreSQL
--     (case_id % 8); SQLite has one writer at a time and keeps every group in slot 0.
--   * case_fine_totals: the cases with a fine and the fines' sum per agency, month
--     filed and item.
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
) WITHOUT ROWID;

CREATE TABLE case_fine_totals (
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    filed_month TEXT NOT NULL,
    item_id     BIGINT NOT NULL,
    fines       BIGINT NOT NULL,
    fine_fen    BIGINT NOT NULL,
    PRIMARY KEY (agency_id, filed_month, item_id)
) WITHOUT ROWID;

INSERT INTO case_stat_counts (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
SELECT agency_id, filed_month, kind, stage, 0, COUNT(*), COUNT(on_time), coalesce(SUM(on_time), 0)
FROM case_stats GROUP BY agency_id, filed_month, kind, stage;

INSERT INTO case_fine_totals (agency_id, filed_month, item_id, fines, fine_fen)
SELECT agency_id, filed_month, item_id, COUNT(*), SUM(fine_fen)
FROM case_stats WHERE fine_fen > 0 GROUP BY agency_id, filed_month, item_id;

-- +goose StatementBegin
CREATE TRIGGER case_stats_counts_insert AFTER INSERT ON case_stats
BEGIN
    INSERT INTO case_stat_counts (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
    VALUES (NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage, 0, 1,
        CASE WHEN NEW.on_time IS NULL THEN 0 ELSE 1 END, coalesce(NEW.on_time, 0))
    ON CONFLICT (agency_id, filed_month, kind, stage, slot) DO UPDATE SET
        cases = case_stat_counts.cases + 1, timed = case_stat_counts.timed + excluded.timed,
        on_time = case_stat_counts.on_time + excluded.on_time;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_counts_update AFTER UPDATE OF agency_id, filed_month, kind, stage, on_time ON case_stats
WHEN OLD.agency_id IS NOT NEW.agency_id OR OLD.filed_month IS NOT NEW.filed_month OR OLD.kind IS NOT NEW.kind
    OR OLD.stage IS NOT NEW.stage OR OLD.on_time IS NOT NEW.on_time
BEGIN
    UPDATE case_stat_counts SET cases = cases - 1, timed = timed - (CASE WHEN OLD.on_time IS NULL THEN 0 ELSE 1 END),
        on_time = on_time - coalesce(OLD.on_time, 0)
    WHERE agency_id = OLD.agency_id AND filed_month = OLD.filed_month AND kind = OLD.kind AND stage = OLD.stage AND slot = 0;
    INSERT INTO case_stat_counts (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
    VALUES (NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage, 0, 1,
        CASE WHEN NEW.on_time IS NULL THEN 0 ELSE 1 END, coalesce(NEW.on_time, 0))
    ON CONFLICT (agency_id, filed_month, kind, stage, slot) DO UPDATE SET
        cases = case_stat_counts.cases + 1, timed = case_stat_counts.timed + excluded.timed,
        on_time = case_stat_counts.on_time + excluded.on_time;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_counts_delete AFTER DELETE ON case_stats
BEGIN
    UPDATE case_stat_counts SET cases = cases - 1, timed = timed - (CASE WHEN OLD.on_time IS NULL THEN 0 ELSE 1 END),
        on_time = on_time - coalesce(OLD.on_time, 0)
    WHERE agency_id = OLD.agency_id AND filed_month = OLD.filed_month AND kind = OLD.kind AND stage = OLD.stage AND slot = 0;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_fines_insert AFTER INSERT ON case_stats
WHEN NEW.fine_fen > 0
BEGIN
    INSERT INTO case_fine_totals (agency_id, filed_month, item_id, fines, fine_fen)
    VALUES (NEW.agency_id, NEW.filed_month, NEW.item_id, 1, NEW.fine_fen)
    ON CONFLICT (agency_id, filed_month, item_id) DO UPDATE SET
        fines = case_fine_totals.fines + 1, fine_fen = case_fine_totals.fine_fen + excluded.fine_fen;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_fines_update AFTER UPDATE OF agency_id, filed_month, item_id, fine_fen ON case_stats
WHEN (OLD.agency_id IS NOT NEW.agency_id OR OLD.filed_month IS NOT NEW.filed_month OR OLD.item_id IS NOT NEW.item_id
        OR OLD.fine_fen IS NOT NEW.fine_fen)
    AND (OLD.fine_fen > 0 OR NEW.fine_fen > 0)
BEGIN
    UPDATE case_fine_totals SET fines = fines - 1, fine_fen = fine_fen - OLD.fine_fen
    WHERE OLD.fine_fen > 0 AND agency_id = OLD.agency_id AND filed_month = OLD.filed_month AND item_id = OLD.item_id;
    INSERT INTO case_fine_totals (agency_id, filed_month, item_id, fines, fine_fen)
    SELECT NEW.agency_id, NEW.filed_month, NEW.item_id, 1, NEW.fine_fen
    WHERE NEW.fine_fen > 0
    ON CONFLICT (agency_id, filed_month, item_id) DO UPDATE SET
        fines = case_fine_totals.fines + 1, fine_fen = case_fine_totals.fine_fen + excluded.fine_fen;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_stats_fines_delete AFTER DELETE ON case_stats
WHEN OLD.fine_fen > 0
BEGIN
    UPDATE case_fine_totals SET fines = fines - 1, fine_fen = fine_fen - OLD.fine_fen
    WHERE agency_id = OLD.agency_id AND filed_month = OLD.filed_month AND item_id = OLD.item_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER case_stats_fines_delete;
DROP TRIGGER case_stats_fines_update;
DROP TRIGGER case_stats_fines_insert;
DROP TRIGGER case_stats_counts_delete;
DROP TRIGGER case_stats_counts_update;
DROP TRIGGER case_stats_counts_insert;
DROP TABLE case_fine_totals;
DROP TABLE case_stat_counts;
