-- Ledger privacy and audit tamper evidence (issue 9 §3, §7; REQUIREMENTS D3, D4).
--
-- ledger_openings: the plaintext and salt of every field a format-2 ledger entry commits
-- to (ledger.Commitment). The entry, public and permanent, carries only SHA-256 and SM3
-- of salt‖value; the opening stays here, readable by staff in scope and copied into the
-- exported case file, and zhifa verify rechecks it against the entry. Append-only like
-- the entries themselves.
--
-- audit_chain: a hash chain over audit_log, one link per audit row in the order the
-- ledger integrator first saw it: hash = SHA-256(previous hash ‖ canonical row). The
-- integrator extends it and anchors its head in audit_anchors, a note signed with the
-- ledger's keys (ledger.SignAuditHead), so an inserted, altered or removed audit row no
-- longer reproduces a signed head. Writers of audit rows are not involved (no chain lock
-- on the write path). No foreign key to audit_log: a link whose row was removed must
-- remain for verify to name the row.
--
-- login_failures: failed logins for unknown accounts, one counter per client address
-- and hour, so that guessing logins cannot grow audit_log without bound (the first
-- failure of each address and hour is still an audit row).

-- +goose Up
CREATE TABLE ledger_openings (
    entry_index BIGINT NOT NULL REFERENCES ledger_entries (idx),
    field       TEXT NOT NULL,
    salt        BLOB NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (entry_index, field)
);

-- +goose StatementBegin
CREATE TRIGGER ledger_openings_no_update BEFORE UPDATE ON ledger_openings
BEGIN
    SELECT RAISE(ABORT, 'ledger_openings is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER ledger_openings_no_delete BEFORE DELETE ON ledger_openings
BEGIN
    SELECT RAISE(ABORT, 'ledger_openings is append-only');
END;
-- +goose StatementEnd

CREATE TABLE audit_chain (
    seq      BIGINT PRIMARY KEY,
    audit_id BIGINT NOT NULL UNIQUE,
    hash     BLOB NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
-- +goose StatementEnd

CREATE TABLE audit_anchors (
    seq        BIGINT PRIMARY KEY,
    note       BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
BEGIN
    SELECT RAISE(ABORT, 'audit_anchors is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
BEGIN
    SELECT RAISE(ABORT, 'audit_anchors is append-only');
END;
-- +goose StatementEnd

CREATE TABLE login_failures (
    ip           TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    failures     BIGINT NOT NULL,
    last_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (ip, window_start)
);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE audit_anchors;
DROP TABLE audit_chain;
DROP TABLE ledger_openings;
