-- The agency's own next due date, the inspection's initiation and the scoped 同案不同罚
-- peers (issues 11, 13, 14): see the SQLite migration of the same number for what each
-- part is for; the schema means the same on both engines.

-- +goose Up
UPDATE cases c SET next_due = (
    SELECT MIN((j.value ->> 'due')::date) FROM jsonb_array_elements(c.clocks::jsonb) j
    WHERE j.value ->> 'kind' NOT IN ('statement', 'hearing_request', 'payment', 'instalment', 'reminder',
        'transfer_reply', 'transfer_recon')
      AND coalesce((j.value ->> 'done')::boolean, false) = false
      AND coalesce((j.value ->> 'paused')::boolean, false) = false
      AND coalesce(j.value ->> 'due', '') <> '')
WHERE c.id IN (SELECT k.case_id FROM case_clocks k
    WHERE k.kind IN ('statement', 'hearing_request', 'payment', 'instalment', 'reminder',
        'transfer_reply', 'transfer_recon'));

UPDATE cases c SET state = jsonb_set(c.state::jsonb, '{initiation}', to_jsonb(
    CASE WHEN i.name LIKE '%抽查%' OR i.name LIKE '%随机%' THEN 'random' ELSE 'ex_officio' END))::text
FROM items i
WHERE i.id = c.item_id AND c.kind = 'inspection' AND NOT (c.state::jsonb ? 'initiation');

ALTER TABLE case_stats ADD COLUMN initiation TEXT NOT NULL DEFAULT '';
UPDATE case_stats s SET initiation = coalesce(c.state::jsonb ->> 'initiation', '')
FROM cases c WHERE c.id = s.case_id AND s.kind = 'inspection';
CREATE INDEX case_stats_agency_inspection ON case_stats (agency_id, kind, acted_on, initiation);

ALTER TABLE case_fines ADD COLUMN scope_id BIGINT NOT NULL DEFAULT 0;
UPDATE case_fines f SET scope_id = coalesce(
    (SELECT b.agency_id FROM benchmarks b WHERE b.id = (c.state::jsonb -> 'proposal' ->> 'benchmark_id')::bigint),
    c.agency_id)
FROM cases c WHERE c.id = f.case_id;
DROP INDEX case_fines_peers;
CREATE INDEX case_fines_scope ON case_fines (scope_id, item_id, level, decided_on);
CREATE INDEX decision_fines_recent ON decision_fines (item_id, level, decided_on);

-- +goose Down
DROP INDEX decision_fines_recent;
DROP INDEX case_fines_scope;
CREATE INDEX case_fines_peers ON case_fines (item_id, level, fine_fen);
ALTER TABLE case_fines DROP COLUMN scope_id;

DROP INDEX case_stats_agency_inspection;
ALTER TABLE case_stats DROP COLUMN initiation;
-- cases.state keeps its initiation: the code before this migration ignores it.

UPDATE cases c SET next_due = (
    SELECT MIN((j.value ->> 'due')::date) FROM jsonb_array_elements(c.clocks::jsonb) j
    WHERE coalesce((j.value ->> 'done')::boolean, false) = false
      AND coalesce((j.value ->> 'paused')::boolean, false) = false
      AND coalesce(j.value ->> 'due', '') <> '')
WHERE c.id IN (SELECT k.case_id FROM case_clocks k
    WHERE k.kind IN ('statement', 'hearing_request', 'payment', 'instalment', 'reminder',
        'transfer_reply', 'transfer_recon'));
