-- Supervision, part 3 (issue 14): fault accountability (过错责任追究, F3).
--   * fault_reviews: one proceeding against a case, opened by the justice bureau or by an
--     outcome correcting the decision, with the finding, the responsible persons chosen
--     from the case's record and the grounds considered (JSON), and the sanction; a
--     case's reviews are read by (case_id, id);
--   * problems: the prominent-problem list (突出问题清单, F8): a problem found by a source
--     record, its owner agency, rectification deadline and evidence of completion; lists
--     page by keyset (id < cursor) per owner agency or state.

-- +goose Up
CREATE TABLE fault_reviews (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    state       TEXT NOT NULL CHECK (state IN ('open', 'decided')),
    reason      TEXT NOT NULL,
    finding     TEXT NOT NULL DEFAULT '',
    responsible TEXT NOT NULL,
    grounds     TEXT NOT NULL,
    exempt      BOOLEAN NOT NULL DEFAULT FALSE,
    reasoning   TEXT NOT NULL DEFAULT '',
    sanction    TEXT NOT NULL DEFAULT '',
    opened_by   BIGINT NOT NULL,
    opened_on   TEXT NOT NULL,
    decided_by  BIGINT NOT NULL DEFAULT 0,
    decider     TEXT NOT NULL DEFAULT '',
    decided_on  TEXT,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX fault_reviews_case ON fault_reviews (case_id, id);
CREATE INDEX fault_reviews_agency ON fault_reviews (agency_id, id);

CREATE TABLE problems (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    bureau_id   BIGINT NOT NULL REFERENCES agencies (id),
    source      TEXT NOT NULL CHECK (source IN ('evaluation', 'complaint', 'review', 'fault')),
    source_id   BIGINT NOT NULL,
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('open', 'reported', 'accepted')),
    opened_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    report      TEXT NOT NULL DEFAULT '',
    reported_on TEXT,
    note        TEXT NOT NULL DEFAULT '',
    accepted_on TEXT,
    version     INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX problems_agency ON problems (agency_id, id);
CREATE INDEX problems_state ON problems (state, id);
CREATE INDEX problems_due ON problems (state, due_on);

-- +goose Down
DROP TABLE problems;
DROP TABLE fault_reviews;
