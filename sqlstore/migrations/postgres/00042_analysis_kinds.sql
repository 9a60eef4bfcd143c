-- More analytic warnings, and warnings as a source of prominent problems (issue 14, D5,
-- H4, F8, B2):
--   * analysis_warnings takes six more kinds (a case closed without a penalty after its
--     decision period, an officer acting without a certificate for the item's domain, a
--     catalog item unused for five years, complaints clustered on one target, a major
--     decision without a passed legal review, a step without its mandatory A/V record;
--     the last two are found over filings (kind) with review_rounds (case_id, round) and
--     case_events (action, acted_on) with case_records (case_id, kind, act)) and the
--     problem raised from it (problem_id), so the warning shows its problem;
--   * problems take the source 'warning' and origin: what the warning showed when the
--     problem was raised (kind, rule, finding, evidence as JSON), which survives the
--     warning's recomputation;
--   * three indexes behind the periodic rules: the cases of an item by filing month (an
--     item's last use is one probe), complaints by receipt day (the window of a cluster is
--     one range) and the events of one action in ID order (a run pages through a step's
--     events without sorting them).

-- +goose Up
ALTER TABLE analysis_warnings DROP CONSTRAINT analysis_warnings_kind_check;
ALTER TABLE analysis_warnings ADD CONSTRAINT analysis_warnings_kind_check CHECK (kind IN ('fine_outlier', 'repeated_endings',
    'long_no_penalty', 'outside_certificate', 'idle_item', 'complaint_cluster', 'missing_review', 'missing_av'));
ALTER TABLE analysis_warnings ADD COLUMN problem_id BIGINT;

ALTER TABLE problems DROP CONSTRAINT problems_source_check;
ALTER TABLE problems ADD CONSTRAINT problems_source_check CHECK (source IN ('evaluation', 'complaint', 'review', 'fault', 'warning'));
ALTER TABLE problems ADD COLUMN origin TEXT NOT NULL DEFAULT '';

CREATE INDEX case_stats_item_month ON case_stats (item_id, filed_month);
CREATE INDEX complaints_received ON complaints (received_on);
CREATE INDEX case_events_action_id ON case_events (action, id);

-- +goose Down
DROP INDEX case_events_action_id;
DROP INDEX complaints_received;
DROP INDEX case_stats_item_month;

DELETE FROM problems WHERE source = 'warning';
ALTER TABLE problems DROP COLUMN origin;
ALTER TABLE problems DROP CONSTRAINT problems_source_check;
ALTER TABLE problems ADD CONSTRAINT problems_source_check CHECK (source IN ('evaluation', 'complaint', 'review', 'fault'));

DELETE FROM analysis_warnings WHERE kind NOT IN ('fine_outlier', 'repeated_endings');
ALTER TABLE analysis_warnings DROP COLUMN problem_id;
ALTER TABLE analysis_warnings DROP CONSTRAINT analysis_warnings_kind_check;
ALTER TABLE analysis_warnings ADD CONSTRAINT analysis_warnings_kind_check CHECK (kind IN ('fine_outlier', 'repeated_endings'));
