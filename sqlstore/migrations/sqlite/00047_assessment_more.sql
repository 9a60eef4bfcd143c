-- Four more indicators of the assessment of agencies (评议考核, issue 14, F2), each
-- counted by one grouped query over an index range of the agencies in scope:
--   * 送达按期率: case_stats gains service_due, the last day of the 行政处罚法第六十一条
--     period of a penalty decision (its service clock), and served_on, the day the
--     decision was served; rewritten with the case like the rest of its row and counted
--     over (agency_id, acted_on), the decision's day.
--   * 重大执法决定法制审核覆盖率: filings gain reviewed, whether the case of a major
--     decision had a passed legal review when the decision was filed (the definition of
--     the analysis rule 'missing_review': a filing of kind penalty, a review round with
--     status passed); counted over (agency_id, kind, decided_on).
--   * 音像记录合规率: av_steps holds each case step that needed an audio/video record of
--     its act (the statutory minimum or the agency's recording list, law.AVRequiredUnder),
--     written in the step's transaction, with recorded set when the case has a record of
--     the act (then, or when one is added later); counted over (agency_id, acted_on).
--   * 投诉举报查实率: complaints gain about_agency_id, the agency whose enforcement conduct
--     a conduct complaint is about (the one chosen at intake, before the complaint goes to
--     the justice bureau), and finding, what the handling found of it with the final reply
--     (upheld, partly, unfounded; '' before the reply); counted over
--     (about_agency_id, replied_on, finding).
-- Existing rows are backfilled: the service columns from the cases' state and clocks,
-- reviewed from the review rounds, and av_steps from the seizures taken (the statutory
-- act; steps an agency's list required before this migration are not known), and a conduct
-- complaint's agency from its target where the target names an agency (an earlier
-- complaint's finding was not recorded: it is not counted).

-- +goose Up
ALTER TABLE case_stats ADD COLUMN service_due TEXT;
ALTER TABLE case_stats ADD COLUMN served_on TEXT;
UPDATE case_stats SET
    service_due = (SELECT json_extract(j.value, '$.due') FROM cases c, json_each(c.clocks) j
        WHERE c.id = case_stats.case_id AND json_extract(j.value, '$.kind') = 'service' LIMIT 1),
    served_on = (SELECT json_extract(c.state, '$.served_on') FROM cases c WHERE c.id = case_stats.case_id);
CREATE INDEX case_stats_agency_service ON case_stats (agency_id, acted_on, service_due, served_on);

ALTER TABLE filings ADD COLUMN reviewed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE filings SET reviewed = EXISTS (SELECT 1 FROM review_rounds r WHERE r.case_id = filings.case_id AND r.status = 'passed')
    WHERE kind = 'penalty';
CREATE INDEX filings_agency_kind_decided ON filings (agency_id, kind, decided_on, reviewed);

CREATE TABLE av_steps (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    action    TEXT NOT NULL,
    act       TEXT NOT NULL,
    acted_on  TEXT NOT NULL,
    recorded  BOOLEAN NOT NULL
);
CREATE INDEX av_steps_agency_acted ON av_steps (agency_id, acted_on, recorded);
CREATE INDEX av_steps_case_act ON av_steps (case_id, act);
INSERT INTO av_steps (case_id, agency_id, action, act, acted_on, recorded)
SELECT e.case_id, c.agency_id, e.action, 'seize', coalesce(e.acted_on, substr(e.at, 1, 10)),
    EXISTS (SELECT 1 FROM case_records r WHERE r.case_id = e.case_id AND r.kind = 'av' AND r.act = 'seize')
FROM case_events e JOIN cases c ON c.id = e.case_id
WHERE e.action = 'seize'
ORDER BY e.id;

ALTER TABLE complaints ADD COLUMN about_agency_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN finding TEXT NOT NULL DEFAULT '';
UPDATE complaints SET about_agency_id = coalesce((SELECT min(a.id) FROM agencies a WHERE a.name = complaints.target), 0)
    WHERE subject = 'conduct';
CREATE INDEX complaints_about_replied ON complaints (about_agency_id, replied_on, finding);

-- +goose Down
DROP INDEX complaints_about_replied;
ALTER TABLE complaints DROP COLUMN finding;
ALTER TABLE complaints DROP COLUMN about_agency_id;
DROP TABLE av_steps;
DROP INDEX filings_agency_kind_decided;
ALTER TABLE filings DROP COLUMN reviewed;
DROP INDEX case_stats_agency_service;
ALTER TABLE case_stats DROP COLUMN served_on;
ALTER TABLE case_stats DROP COLUMN service_due;
