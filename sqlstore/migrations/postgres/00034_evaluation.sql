-- Supervision, part 2 (issue 14): case-file evaluation (案卷评查, F4).
--   * eval_standards: the versions of a justice bureau's scoring checklist (items as JSON);
--   * file_evaluations: one evaluation campaign with its scope, the checklist it scores by
--     (copied), the published seed of its sample and its publication date; lists page by
--     keyset (id < cursor) within the organiser's subtree;
--   * eval_cases: the sampled case files with evaluator, scores (JSON), grade and the
--     rectification the agency owes; an agency's and an evaluator's lists page by keyset.

-- +goose Up
CREATE TABLE eval_standards (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    version    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    items      TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (agency_id, version)
);

CREATE TABLE file_evaluations (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id        BIGINT NOT NULL REFERENCES agencies (id),
    title            TEXT NOT NULL,
    agency_ids       TEXT NOT NULL,
    kinds            TEXT NOT NULL,
    period_from      DATE NOT NULL,
    period_to        DATE NOT NULL,
    standard_version INTEGER NOT NULL,
    items            TEXT NOT NULL,
    seed             TEXT NOT NULL,
    population       INTEGER NOT NULL,
    sample_size      INTEGER NOT NULL,
    rectify_days     INTEGER NOT NULL,
    published_on     DATE,
    created_by       BIGINT NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX file_evaluations_agency ON file_evaluations (agency_id, id);
CREATE INDEX file_evaluations_published ON file_evaluations (published_on, id);

CREATE TABLE eval_cases (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    evaluation_id BIGINT NOT NULL REFERENCES file_evaluations (id),
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    agency_id     BIGINT NOT NULL REFERENCES agencies (id),
    draw_rank     INTEGER NOT NULL,
    evaluator_id  BIGINT NOT NULL REFERENCES users (id),
    scores        TEXT NOT NULL,
    score         INTEGER NOT NULL DEFAULT 0,
    grade         TEXT NOT NULL DEFAULT '' CHECK (grade IN ('', 'excellent', 'pass', 'fail')),
    scored_on     DATE,
    rectify_due   DATE,
    rectification TEXT NOT NULL DEFAULT '',
    rectified_on  DATE,
    version       INTEGER NOT NULL,
    UNIQUE (evaluation_id, case_id)
);
CREATE INDEX eval_cases_agency ON eval_cases (agency_id, id);
CREATE INDEX eval_cases_evaluator ON eval_cases (evaluator_id, id);

-- +goose Down
DROP TABLE eval_cases;
DROP TABLE file_evaluations;
DROP TABLE eval_standards;
