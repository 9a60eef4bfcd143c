-- The tamper-evident ledger (package ledger): entries, the stored hashes of both
-- Merkle trees (SHA-256 and SM3, one row per stored-hash index) and signed
-- checkpoints, all append-only; and ledger_state, the two counters: 'next' (the
-- index the next entry gets; the row lock taken by bumping it is what serializes
-- appends across processes) and 'integrated' (entries whose stored hashes are
-- written). Counters only grow.

-- +goose Up
CREATE TABLE ledger_state (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL CHECK (value >= 0)
);
INSERT INTO ledger_state (name, value) VALUES ('next', 0), ('integrated', 0);

CREATE TABLE ledger_entries (
    idx        BIGINT PRIMARY KEY,
    data       BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ledger_hashes (
    idx    BIGINT PRIMARY KEY,
    sha256 BYTEA NOT NULL CHECK (octet_length(sha256) = 32),
    sm3    BYTEA NOT NULL CHECK (octet_length(sm3) = 32)
);

CREATE TABLE ledger_checkpoints (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    size       BIGINT NOT NULL CHECK (size >= 0),
    note       BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ledger_checkpoints_size ON ledger_checkpoints (size);

-- +goose StatementBegin
CREATE FUNCTION ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_hashes_no_update BEFORE UPDATE OR DELETE ON ledger_hashes
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_hashes_no_truncate BEFORE TRUNCATE ON ledger_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- +goose StatementBegin
CREATE FUNCTION ledger_state_only_grows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.name = OLD.name AND NEW.value >= OLD.value THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger_state counters only grow' USING ERRCODE = 'restrict_violation';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_state_only_grows BEFORE INSERT OR UPDATE OR DELETE ON ledger_state
    FOR EACH ROW EXECUTE FUNCTION ledger_state_only_grows();
CREATE TRIGGER ledger_state_no_truncate BEFORE TRUNCATE ON ledger_state
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- +goose Down
DROP TABLE ledger_checkpoints;
DROP TABLE ledger_hashes;
DROP TABLE ledger_entries;
DROP TABLE ledger_state;
DROP FUNCTION ledger_state_only_grows();
DROP FUNCTION ledger_append_only();
