-- The collection tile of the staff landing page and the annual report's collection
-- figures (CollectionStats) read a summary of the obligations instead of their rows
-- (issue 11): a province supervisor's /staff/ read every payment obligation of the
-- province's year, row by row, and grouped them (half of its 363 ms p99 at 300,000
-- generated cases). Kept by triggers on obligations in the transaction that writes the
-- row, like case_stat_counts (00055): every writer of obligations — service of a
-- decision, a payment, the bulk copy of `zhifa gen`, a restore's load — is counted
-- without knowing of the summary, and a failed write leaves no count behind.
--   * obligation_years: the obligations per agency and year served, with their
--     principal (fine and confiscation) and what was paid; slot spreads concurrent
--     writers of one agency's year over several rows on PostgreSQL (case_id % 8);
--     SQLite has one writer at a time and keeps every group in slot 0. Counts that fall
--     to zero keep their row (a read skips them).
--   * obligations_unsettled: what is overdue depends on the day asked, so it is counted
--     from the obligations themselves, but only from those not settled (a partial
--     index covering the count; settled_on is a column of it so that SQLite reads no
--     row): the ones awaiting payment and the overdue ones the
--     supervisor must act on, never the settled years behind them.
--   * publications_status_due and publications_status_withdraw gain agency_path: the
--     overdue-publication warnings (OverduePublications) read at most a limit of each
--     status's overdue entries in due order, and the scope is then a condition on the
--     index entry itself, so the range read stops at the limit on both engines (a join
--     to the scope's agencies made PostgreSQL sort the whole overdue range first).
-- The rows of existing obligations are counted here. The triggers run only when a
-- counted column changes.

-- +goose Up
CREATE TABLE obligation_years (
    agency_id     BIGINT NOT NULL REFERENCES agencies (id),
    served_year   INTEGER NOT NULL,
    slot          INTEGER NOT NULL,
    obligations   BIGINT NOT NULL,
    principal_fen BIGINT NOT NULL,
    paid_fen      BIGINT NOT NULL,
    PRIMARY KEY (agency_id, served_year, slot)
) WITHOUT ROWID;

INSERT INTO obligation_years (agency_id, served_year, slot, obligations, principal_fen, paid_fen)
SELECT agency_id, CAST(substr(served_on, 1, 4) AS INTEGER), 0, COUNT(*), SUM(fine_fen + confiscate_fen), SUM(paid_fen)
FROM obligations GROUP BY agency_id, CAST(substr(served_on, 1, 4) AS INTEGER);

CREATE INDEX obligations_unsettled ON obligations (agency_path, served_on, due, agency_id, settled_on) WHERE settled_on IS NULL;

DROP INDEX publications_status_due;
CREATE INDEX publications_status_due ON publications (status, due, agency_path, agency_id);
DROP INDEX publications_status_withdraw;
CREATE INDEX publications_status_withdraw ON publications (status, withdraw_due, agency_path, agency_id);

-- +goose StatementBegin
CREATE TRIGGER obligation_years_insert AFTER INSERT ON obligations
BEGIN
    INSERT INTO obligation_years (agency_id, served_year, slot, obligations, principal_fen, paid_fen)
    VALUES (NEW.agency_id, CAST(substr(NEW.served_on, 1, 4) AS INTEGER), 0, 1, NEW.fine_fen + NEW.confiscate_fen, NEW.paid_fen)
    ON CONFLICT (agency_id, served_year, slot) DO UPDATE SET
        obligations = obligation_years.obligations + 1,
        principal_fen = obligation_years.principal_fen + excluded.principal_fen,
        paid_fen = obligation_years.paid_fen + excluded.paid_fen;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER obligation_years_update AFTER UPDATE OF agency_id, served_on, fine_fen, confiscate_fen, paid_fen ON obligations
WHEN OLD.agency_id IS NOT NEW.agency_id OR OLD.served_on IS NOT NEW.served_on OR OLD.fine_fen IS NOT NEW.fine_fen
    OR OLD.confiscate_fen IS NOT NEW.confiscate_fen OR OLD.paid_fen IS NOT NEW.paid_fen
BEGIN
    UPDATE obligation_years SET obligations = obligations - 1,
        principal_fen = principal_fen - (OLD.fine_fen + OLD.confiscate_fen), paid_fen = paid_fen - OLD.paid_fen
    WHERE agency_id = OLD.agency_id AND served_year = CAST(substr(OLD.served_on, 1, 4) AS INTEGER) AND slot = 0;
    INSERT INTO obligation_years (agency_id, served_year, slot, obligations, principal_fen, paid_fen)
    VALUES (NEW.agency_id, CAST(substr(NEW.served_on, 1, 4) AS INTEGER), 0, 1, NEW.fine_fen + NEW.confiscate_fen, NEW.paid_fen)
    ON CONFLICT (agency_id, served_year, slot) DO UPDATE SET
        obligations = obligation_years.obligations + 1,
        principal_fen = obligation_years.principal_fen + excluded.principal_fen,
        paid_fen = obligation_years.paid_fen + excluded.paid_fen;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER obligation_years_delete AFTER DELETE ON obligations
BEGIN
    UPDATE obligation_years SET obligations = obligations - 1,
        principal_fen = principal_fen - (OLD.fine_fen + OLD.confiscate_fen), paid_fen = paid_fen - OLD.paid_fen
    WHERE agency_id = OLD.agency_id AND served_year = CAST(substr(OLD.served_on, 1, 4) AS INTEGER) AND slot = 0;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER obligation_years_delete;
DROP TRIGGER obligation_years_update;
DROP TRIGGER obligation_years_insert;
DROP INDEX publications_status_withdraw;
CREATE INDEX publications_status_withdraw ON publications (status, withdraw_due, agency_id);
DROP INDEX publications_status_due;
CREATE INDEX publications_status_due ON publications (status, due, agency_id);
DROP INDEX obligations_unsettled;
DROP TABLE obligation_years;
