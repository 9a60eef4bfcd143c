-- The electronic seal (issue 12): seal_keys holds each agency's seal keys, their
-- certificates (DER) issued by the deployment's seal CA and the private keys encrypted
-- under it; at most one key per agency is active (the partial unique index). seal_uses
-- links each issued document to the key that signed its PDF and the signed file's
-- SHA-256, which the public verification looks up.

-- +goose Up
CREATE TABLE seal_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id     BIGINT NOT NULL REFERENCES agencies (id),
    agency        TEXT NOT NULL,
    algorithm     TEXT NOT NULL CHECK (algorithm IN ('sm2', 'rsa3072')),
    fingerprint   TEXT NOT NULL CHECK (length(fingerprint) = 64),
    certificate   BLOB NOT NULL,
    not_before    TIMESTAMP NOT NULL,
    not_after     TIMESTAMP NOT NULL,
    wrapped_key   BLOB NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('active', 'retired', 'revoked')),
    created_at    TIMESTAMP NOT NULL,
    created_by    BIGINT NOT NULL,
    ended_at      TIMESTAMP,
    revoke_reason TEXT NOT NULL DEFAULT '',
    ledger_index  BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX seal_keys_fingerprint ON seal_keys (fingerprint);
CREATE UNIQUE INDEX seal_keys_active ON seal_keys (agency_id) WHERE state = 'active';
CREATE INDEX seal_keys_agency ON seal_keys (agency_id, id);

CREATE TABLE seal_uses (
    document_id  BIGINT PRIMARY KEY REFERENCES documents (id),
    seal_key_id  BIGINT NOT NULL REFERENCES seal_keys (id),
    pdf_sha256   TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    ledger_index BIGINT NOT NULL,
    sealed_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX seal_uses_pdf ON seal_uses (pdf_sha256);
CREATE INDEX seal_uses_key ON seal_uses (seal_key_id);

-- +goose Down
DROP TABLE seal_uses;
DROP TABLE seal_keys;
