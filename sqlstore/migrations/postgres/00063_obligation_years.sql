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
--     writers of one agency's year over several rows (case_id % 8): a payment locks its
--     group's row until it commits, and without slots the payments of one agency's year
--     would queue on one row. SQLite keeps every group in slot 0. Counts that fall to
--     zero keep their row (a read skips them).
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
);

INSERT INTO obligation_years (agency_id, served_year, slot, obligations, principal_fen, paid_fen)
SELECT agency_id, CAST(EXTRACT(YEAR FROM served_on) AS INTEGER), CAST(case_id % 8 AS INTEGER),
    COUNT(*), SUM(fine_fen + confiscate_fen), SUM(paid_fen)
FROM obligations GROUP BY agency_id, CAST(EXTRACT(YEAR FROM served_on) AS INTEGER), CAST(case_id % 8 AS INTEGER);

CREATE INDEX obligations_unsettled ON obligations (agency_path, served_on, due, agency_id, settled_on) WHERE settled_on IS NULL;

DROP INDEX publications_status_due;
CREATE INDEX publications_status_due ON publications (status, due, agency_path, agency_id);
DROP INDEX publications_status_withdraw;
CREATE INDEX publications_status_withdraw ON publications (status, withdraw_due, agency_path, agency_id);

-- obligation_year_add adds an obligation's figures (or, negative, takes them away) to
-- its group, making the row when it is the group's first.
-- +goose StatementBegin
CREATE FUNCTION obligation_year_add(a BIGINT, y INTEGER, sl BIGINT, n BIGINT, principal BIGINT, paid BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO obligation_years (agency_id, served_year, slot, obligations, principal_fen, paid_fen)
    VALUES (a, y, sl, n, principal, paid)
    ON CONFLICT (agency_id, served_year, slot) DO UPDATE SET
        obligations = obligation_years.obligations + excluded.obligations,
        principal_fen = obligation_years.principal_fen + excluded.principal_fen,
        paid_fen = obligation_years.paid_fen + excluded.paid_fen;
$$;
-- +goose StatementEnd

-- A change takes the obligation from its old group and adds it to its new one in the
-- groups' key order, so that two writers moving obligations between the same two groups
-- lock the rows in one order and cannot deadlock; a payment changes one group only.
-- +goose StatementBegin
CREATE FUNCTION obligation_years_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_year INTEGER;
    new_year INTEGER;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM obligation_year_add(NEW.agency_id, CAST(EXTRACT(YEAR FROM NEW.served_on) AS INTEGER), NEW.case_id % 8, 1,
            NEW.fine_fen + NEW.confiscate_fen, NEW.paid_fen);
        RETURN NULL;
    END IF;
    old_year := CAST(EXTRACT(YEAR FROM OLD.served_on) AS INTEGER);
    IF TG_OP = 'DELETE' THEN
        PERFORM obligation_year_add(OLD.agency_id, old_year, OLD.case_id % 8, -1, -(OLD.fine_fen + OLD.confiscate_fen), -OLD.paid_fen);
        RETURN NULL;
    END IF;
    new_year := CAST(EXTRACT(YEAR FROM NEW.served_on) AS INTEGER);
    IF (NEW.agency_id, new_year, NEW.case_id % 8) = (OLD.agency_id, old_year, OLD.case_id % 8) THEN
        PERFORM obligation_year_add(NEW.agency_id, new_year, NEW.case_id % 8, 0,
            (NEW.fine_fen + NEW.confiscate_fen) - (OLD.fine_fen + OLD.confiscate_fen), NEW.paid_fen - OLD.paid_fen);
    ELSIF (NEW.agency_id, new_year, NEW.case_id % 8) < (OLD.agency_id, old_year, OLD.case_id % 8) THEN
        PERFORM obligation_year_add(NEW.agency_id, new_year, NEW.case_id % 8, 1, NEW.fine_fen + NEW.confiscate_fen, NEW.paid_fen);
        PERFORM obligation_year_add(OLD.agency_id, old_year, OLD.case_id % 8, -1, -(OLD.fine_fen + OLD.confiscate_fen), -OLD.paid_fen);
    ELSE
        PERFORM obligation_year_add(OLD.agency_id, old_year, OLD.case_id % 8, -1, -(OLD.fine_fen + OLD.confiscate_fen), -OLD.paid_fen);
        PERFORM obligation_year_add(NEW.agency_id, new_year, NEW.case_id % 8, 1, NEW.fine_fen + NEW.confiscate_fen, NEW.paid_fen);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER obligation_years_insert AFTER INSERT ON obligations
    FOR EACH ROW EXECUTE FUNCTION obligation_years_count();
CREATE TRIGGER obligation_years_update AFTER UPDATE OF agency_id, served_on, fine_fen, confiscate_fen, paid_fen ON obligations
    FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.served_on IS DISTINCT FROM NEW.served_on
        OR OLD.fine_fen IS DISTINCT FROM NEW.fine_fen OR OLD.confiscate_fen IS DISTINCT FROM NEW.confiscate_fen
        OR OLD.paid_fen IS DISTINCT FROM NEW.paid_fen)
    EXECUTE FUNCTION obligation_years_count();
CREATE TRIGGER obligation_years_delete AFTER DELETE ON obligations
    FOR EACH ROW EXECUTE FUNCTION obligation_years_count();

-- +goose Down
DROP TRIGGER obligation_years_delete ON obligations;
DROP TRIGGER obligation_years_update ON obligations;
DROP TRIGGER obligation_years_insert ON obligations;
DROP FUNCTION obligation_years_count();
DROP FUNCTION obligation_year_add(BIGINT, INTEGER, BIGINT, BIGINT, BIGINT, BIGINT);
DROP INDEX publications_status_withdraw;
CREATE INDEX publications_status_withdraw ON publications (status, withdraw_due, agency_id);
DROP INDEX publications_status_due;
CREATE INDEX publications_status_due ON publications (status, due, agency_id);
DROP INDEX obligations_unsettled;
DROP TABLE obligation_years;
