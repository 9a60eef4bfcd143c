-- Four more indicators of the assessment of agencies (issue 14): see the SQLite
-- migration of the same number for what the columns, table and indexes are for; the
-- schema means the same on both engines.

-- +goose Up
ALTER TABLE case_stats ADD COLUMN service_due DATE;
ALTER TABLE case_stats ADD COLUMN served_on DATE;
UPDATE case_stats s SET
    service_due = (SELECT (j ->> 'due')::date FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.clocks::jsonb) = 'array'
            THEN c.clocks::jsonb ELSE '[]'::jsonb END) j WHERE j ->> 'kind' = 'service' LIMIT 1),
    served_on = (c.state::jsonb ->> 'served_on')::date
FROM cases c WHERE c.id = s.case_id;
CREATE INDEX case_stats_agency_service ON case_stats (agency_id, acted_on, service_due, served_on);

ALTER TABLE filings ADD COLUMN reviewed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE filings f SET reviewed = EXISTS (SELECT 1 FROM review_rounds r WHERE r.case_id = f.case_id AND r.status = 'passed')
    WHERE f.kind = 'penalty';
CREATE INDEX filings_agency_kind_decided ON filings (agency_id, kind, decided_on, reviewed);

CREATE TABLE av_steps (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    action    TEXT NOT NULL,
    act       TEXT NOT NULL,
    acted_on  DATE NOT NULL,
    recorded  BOOLEAN NOT NULL
);
CREATE INDEX av_steps_agency_acted ON av_steps (agency_id, acted_on, recorded);
CREATE INDEX av_steps_case_act ON av_steps (case_id, act);
INSERT INTO av_steps (case_id, agency_id, action, act, acted_on, recorded)
SELECT e.case_id, c.agency_id, e.action, 'seize', coalesce(e.acted_on, (e.at AT TIME ZONE 'Asia/Shanghai')::date),
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
