-- Three defects of the workspace, the annual report and the analytic warnings (issues 11,
-- 13, 14; REQUIREMENTS H1, H4, C6, D5):
--   * cases.next_due is the agency's own next deadline (law.NextDue): the periods that run
--     for the party or the receiving organ (陈述申辩期 statement, 听证申请期
--     hearing_request, 缴纳罚没款 payment, 暂缓或分期缴纳 instalment, 催告后履行 reminder,
--     受移送机关审查 transfer_reply, 提请复议 transfer_recon; law.OthersClocks) no longer
--     count. The rule is a minimum over the clocks' JSON, so
--     it is recomputed here in SQL, for the cases that hold such a clock running (the
--     case_clocks index finds them; no other case's next_due changes);
--   * an inspection case records how it was initiated (cases.state.initiation: random
--     双随机抽查, complaint 投诉举报, assigned 上级交办、转办, ex_officio 依职权检查),
--     mirrored in case_stats.initiation for the annual report's grouped count. Inspection
--     cases filed before this migration are backfilled once by the rule the report used
--     until now (the item's name says 抽查 or 随机: random; otherwise ex_officio);
--   * case_fines.scope_id is the issuing agency of the discretion benchmark the decision
--     applied (the case's own agency when it applied none): the 同案不同罚 peers are the
--     fines of one scope, item and level within a window, read newest first from
--     case_fines_scope, a bounded range whatever the size of the table; the consistency
--     aid of the proposal (同案同罚参考) reads its window of decision_fines the same way
--     (decision_fines_recent).

-- +goose Up
UPDATE cases SET next_due = (
    SELECT MIN(json_extract(j.value, '$.due')) FROM json_each(cases.clocks) j
    WHERE json_extract(j.value, '$.kind') NOT IN ('statement', 'hearing_request', 'payment', 'instalment', 'reminder',
        'transfer_reply', 'transfer_recon')
      AND coalesce(json_extract(j.value, '$.done'), 0) = 0
      AND coalesce(json_extract(j.value, '$.paused'), 0) = 0
      AND coalesce(json_extract(j.value, '$.due'), '') <> '')
WHERE id IN (SELECT case_id FROM case_clocks
    WHERE kind IN ('statement', 'hearing_request', 'payment', 'instalment', 'reminder',
        'transfer_reply', 'transfer_recon'));

UPDATE cases SET state = json_set(state, '$.initiation',
    CASE WHEN (SELECT i.name FROM items i WHERE i.id = cases.item_id) LIKE '%抽查%'
           OR (SELECT i.name FROM items i WHERE i.id = cases.item_id) LIKE '%随机%'
         THEN 'random' ELSE 'ex_officio' END)
WHERE kind = 'inspection' AND json_extract(state, '$.initiation') IS NULL;

ALTER TABLE case_stats ADD COLUMN initiation TEXT NOT NULL DEFAULT '';
UPDATE case_stats SET initiation = coalesce(
    (SELECT json_extract(c.state, '$.initiation') FROM cases c WHERE c.id = case_stats.case_id), '')
WHERE kind = 'inspection';
CREATE INDEX case_stats_agency_inspection ON case_stats (agency_id, kind, acted_on, initiation);

ALTER TABLE case_fines ADD COLUMN scope_id BIGINT NOT NULL DEFAULT 0;
UPDATE case_fines SET scope_id = coalesce(
    (SELECT b.agency_id FROM cases c JOIN benchmarks b ON b.id = json_extract(c.state, '$.proposal.benchmark_id')
     WHERE c.id = case_fines.case_id),
    (SELECT c.agency_id FROM cases c WHERE c.id = case_fines.case_id), 0);
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

UPDATE cases SET next_due = (
    SELECT MIN(json_extract(j.value, '$.due')) FROM json_each(cases.clocks) j
    WHERE coalesce(json_extract(j.value, '$.done'), 0) = 0
      AND coalesce(json_extract(j.value, '$.paused'), 0) = 0
      AND coalesce(json_extract(j.value, '$.due'), '') <> '')
WHERE id IN (SELECT case_id FROM case_clocks
    WHERE kind IN ('statement', 'hearing_request', 'payment', 'instalment', 'reminder',
        'transfer_reply', 'transfer_recon'));
