-- Social supervision and self-evaluation (issue 14, F4, F5): see the SQLite migration of
-- the same number; the schema means the same on both engines.

-- +goose Up
ALTER TABLE file_evaluations ADD COLUMN self_check BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE social_supervisors (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    name           TEXT NOT NULL,
    work_unit      TEXT NOT NULL,
    phone_enc      TEXT NOT NULL DEFAULT '',
    term_from      DATE NOT NULL,
    term_to        DATE NOT NULL,
    on_roster      BOOLEAN NOT NULL DEFAULT FALSE,
    dismissed_on   DATE,
    dismiss_reason TEXT NOT NULL DEFAULT '',
    created_by     BIGINT NOT NULL,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX social_supervisors_agency ON social_supervisors (agency_id, id);
CREATE INDEX social_supervisors_user ON social_supervisors (user_id, id);
CREATE INDEX social_supervisors_roster ON social_supervisors (on_roster, term_to, id);

CREATE TABLE accompany_cases (
    supervisor_id BIGINT NOT NULL REFERENCES social_supervisors (id),
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    assigned_by   BIGINT NOT NULL,
    assigned_on   DATE NOT NULL,
    PRIMARY KEY (supervisor_id, case_id)
);

CREATE TABLE social_remarks (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    supervisor_id  BIGINT NOT NULL REFERENCES social_supervisors (id),
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    agency_path    TEXT NOT NULL,
    case_id        BIGINT REFERENCES cases (id),
    accompanied_on DATE NOT NULL,
    text           TEXT NOT NULL,
    reply          TEXT NOT NULL DEFAULT '',
    replied_by     BIGINT NOT NULL DEFAULT 0,
    replied_on     DATE,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX social_remarks_supervisor ON social_remarks (supervisor_id, id);
CREATE INDEX social_remarks_agency ON social_remarks (agency_id, id);
CREATE INDEX social_remarks_path ON social_remarks (agency_path, id);

-- +goose Down
DROP TABLE social_remarks;
DROP TABLE accompany_cases;
DROP TABLE social_supervisors;
ALTER TABLE file_evaluations DROP COLUMN self_check;
