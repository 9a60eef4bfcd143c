-- Social supervision and self-evaluation (issue 14, REQUIREMENTS F4, F5):
--   * file_evaluations gains self_check: an agency's evaluation of its own case files
--     (案卷自查, F4: "the justice bureau, or an agency for itself, creates an evaluation"),
--     organised by the evaluated agency over its own closed cases with the bureau's
--     checklist; its evaluators are its own staff, never one who handled, reviewed or
--     approved the file; never published on the portal as the bureau's results;
--   * social_supervisors: the people a justice bureau appoints as social supervisors
--     (社会监督员, F5): the account they act through (role social_supervisor), work unit,
--     phone (AES-256-GCM like the officers' phones), term, dismissal with its reason, and
--     whether the portal's roster lists them (name and work unit only);
--   * accompany_cases: the cases the bureau assigned a supervisor to accompany;
--   * social_remarks: their remarks (伴随执法) against an agency, optionally one of those
--     cases, with the agency's reply; lists page by keyset on the supervisor, the agency
--     or the agency path of the bureau's scope.

-- +goose Up
ALTER TABLE file_evaluations ADD COLUMN self_check BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE social_supervisors (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    name           TEXT NOT NULL,
    work_unit      TEXT NOT NULL,
    phone_enc      TEXT NOT NULL DEFAULT '',
    term_from      TEXT NOT NULL,
    term_to        TEXT NOT NULL,
    on_roster      BOOLEAN NOT NULL DEFAULT FALSE,
    dismissed_on   TEXT,
    dismiss_reason TEXT NOT NULL DEFAULT '',
    created_by     BIGINT NOT NULL,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX social_supervisors_agency ON social_supervisors (agency_id, id);
CREATE INDEX social_supervisors_user ON social_supervisors (user_id, id);
CREATE INDEX social_supervisors_roster ON social_supervisors (on_roster, term_to, id);

CREATE TABLE accompany_cases (
    supervisor_id BIGINT NOT NULL REFERENCES social_supervisors (id),
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    assigned_by   BIGINT NOT NULL,
    assigned_on   TEXT NOT NULL,
    PRIMARY KEY (supervisor_id, case_id)
);

CREATE TABLE social_remarks (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    supervisor_id  BIGINT NOT NULL REFERENCES social_supervisors (id),
    agency_id      BIGINT NOT NULL REFERENCES agencies (id),
    agency_path    TEXT NOT NULL,
    case_id        BIGINT REFERENCES cases (id),
    accompanied_on TEXT NOT NULL,
    text           TEXT NOT NULL,
    reply          TEXT NOT NULL DEFAULT '',
    replied_by     BIGINT NOT NULL DEFAULT 0,
    replied_on     TEXT,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX social_remarks_supervisor ON social_remarks (supervisor_id, id);
CREATE INDEX social_remarks_agency ON social_remarks (agency_id, id);
CREATE INDEX social_remarks_path ON social_remarks (agency_path, id);

-- +goose Down
DROP TABLE social_remarks;
DROP TABLE accompany_cases;
DROP TABLE social_supervisors;
ALTER TABLE file_evaluations DROP COLUMN self_check;
