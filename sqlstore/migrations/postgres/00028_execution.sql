-- Execution of decisions (issue 15): the payment obligation a penalty decision with a fine
-- or confiscation creates when it is served (行政处罚法第六十七条), the payments the bank or
-- the treasury reports (unique receipt number per agency, so a notice sent twice records
-- one payment), the agency's payee account, and the channels (bearer tokens an admin
-- issues to the bank's or treasury's system; only their SHA-256 is kept), and the items
-- confiscated or seized (property_items) with their custody and disposal (第七十四条).
--
-- obligations.exec holds the acts of the stage as JSON (deferral, reminder, court,
-- suspensions, on-the-spot collection); paid_fen and settled_on are kept with every
-- payment so that the collection statistics read one row per case: those of the year,
-- one range of obligations_agency (agency_path, served_on).

-- +goose Up
CREATE TABLE payees (
    agency_id  BIGINT PRIMARY KEY REFERENCES agencies (id),
    name       TEXT NOT NULL,
    bank       TEXT NOT NULL,
    account    TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE obligations (
    case_id        BIGINT PRIMARY KEY REFERENCES cases (id),
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    agency_path    TEXT NOT NULL,
    fine_fen       BIGINT NOT NULL CHECK (fine_fen >= 0),
    confiscate_fen BIGINT NOT NULL CHECK (confiscate_fen >= 0),
    payee          TEXT NOT NULL,
    reference      TEXT NOT NULL UNIQUE,
    served_on      DATE NOT NULL,
    due            DATE NOT NULL,
    paid_fen       BIGINT NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
    settled_on     DATE,
    exec           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX obligations_agency ON obligations (agency_path, served_on);

CREATE TABLE payments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES obligations (case_id),
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    receipt_no TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on    DATE NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('notice', 'import', 'on_spot')),
    channel_id BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, receipt_no)
);
CREATE INDEX payments_case ON payments (case_id, paid_on);

CREATE TABLE payment_channels (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    name       TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    created_by BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX payment_channels_agency ON payment_channels (agency_id, id);

CREATE TABLE property_items (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    name       TEXT NOT NULL,
    quantity   TEXT NOT NULL,
    value_fen  BIGINT NOT NULL CHECK (value_fen >= 0),
    custody    TEXT NOT NULL,
    photos     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('held', 'pending', 'approved', 'disposed')),
    disposal   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX property_items_case ON property_items (case_id, id);

-- +goose Down
DROP TABLE property_items;
DROP TABLE payment_channels;
DROP TABLE payments;
DROP TABLE obligations;
DROP TABLE payees;
