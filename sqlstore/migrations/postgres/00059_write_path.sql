-- The write path's server CPU (issue 11; BenchmarkCaseWrites, pg_stat_statements and a
-- profile of the backends over one run):
--   * case_terms loses its foreign key to cases. A filing writes about 40 postings, and
--     each ran the key's check, a query of its own, at the end of the statement: 12 % of
--     a filing's server CPU. The postings are written only by the store, in the
--     transaction and statement that write their case (sqlstore/search.go), the bulk copy
--     likewise, and a case is never deleted; case_search, with one row a case, keeps its
--     key to cases.
--   * case_stats_counts (00055) writes its upserts itself instead of calling the SQL
--     function case_stat_add (dropped), which PostgreSQL plans again at every call (a function in
--     LANGUAGE sql is not kept prepared); PL/pgSQL keeps their plans for the session. The
--     counts, their slots and the order in which a change takes its two groups' rows are
--     those of 00055.
-- SQLite keeps its triggers; its case_terms is rebuilt without the key, as SQLite
-- cannot drop one.

-- +goose Up
ALTER TABLE case_terms DROP CONSTRAINT case_terms_case_id_fkey;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION case_stats_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A change takes the case from its old group and adds it to its new one in the
    -- groups' key order (00055), so that two changes cannot deadlock.
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE'
        AND (NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage) >= (OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage)) THEN
        INSERT INTO case_stat_counts AS k (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
        VALUES (OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage, OLD.case_id % 8, -1,
            CASE WHEN OLD.on_time IS NULL THEN 0 ELSE -1 END, -coalesce(OLD.on_time, 0))
        ON CONFLICT (agency_id, filed_month, kind, stage, slot) DO UPDATE SET
            cases = k.cases + excluded.cases, timed = k.timed + excluded.timed, on_time = k.on_time + excluded.on_time;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO case_stat_counts AS k (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
        VALUES (NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage, NEW.case_id % 8, 1,
            CASE WHEN NEW.on_time IS NULL THEN 0 ELSE 1 END, coalesce(NEW.on_time, 0))
        ON CONFLICT (agency_id, filed_month, kind, stage, slot) DO UPDATE SET
            cases = k.cases + excluded.cases, timed = k.timed + excluded.timed, on_time = k.on_time + excluded.on_time;
    END IF;
    IF TG_OP = 'UPDATE'
        AND (NEW.agency_id, NEW.filed_month, NEW.kind, NEW.stage) < (OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage) THEN
        INSERT INTO case_stat_counts AS k (agency_id, filed_month, kind, stage, slot, cases, timed, on_time)
        VALUES (OLD.agency_id, OLD.filed_month, OLD.kind, OLD.stage, OLD.case_id % 8, -1,
            CASE WHEN OLD.on_time IS NULL THEN 0 ELSE -1 END, -coalesce(OLD.on_time, 0))
        ON CONFLICT (agency_id, filed_month, kind, stage, slot) DO UPDATE SET
            cases = k.cases + excluded.cases, timed = k.timed + excluded.timed, on_time = k.on_time + excluded.on_time;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP FUNCTION case_stat_add(BIGINT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT);

-- +goose Down
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
CREATE OR REPLACE FUNCTION case_stats_counts() RETURNS trigger
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

ALTER TABLE case_terms ADD CONSTRAINT case_terms_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases (id);
