-- The annual statistical report of enforcement (行政执法统计年报, issue 13; REQUIREMENTS C6).
--   * case_stats gains what the year's figures count, rewritten with the case like the
--     rest of its row: acted_on, the day of the enforcement act counted (a penalty's
--     decision, a compulsory measure's seizure, an inspection's opening); penalty_mask,
--     the decided penalty kinds as bits in the order of 行政处罚法第九条 (law.PenaltyMask);
--     confiscate_fen, the value confiscated; hearing_on, the day a hearing was held.
--     The figures of an agency's year are grouped queries over the index ranges
--     (agency_id, acted_on) and (agency_id, hearing_on), never case by case.
--   * publications gain the index (agency_id, decided_on) the publications on time count,
--     and the early stop on the party's application (信用修复, 公示规定第十四条): the day
--     of the application, the day the head stopped the publication and the reason.
--   * annual_reports: one report per agency and year, its figures and the preparer's
--     notes as JSON, draft until the head's approval publishes it and records the
--     agencies it was reported to (the government and the superior agency).

-- +goose Up
ALTER TABLE case_stats ADD COLUMN acted_on TEXT;
ALTER TABLE case_stats ADD COLUMN penalty_mask BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN confiscate_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN hearing_on TEXT;

UPDATE case_stats SET
    acted_on = (SELECT CASE c.kind
            WHEN 'penalty' THEN json_extract(c.state, '$.decided_on')
            WHEN 'compulsory' THEN json_extract(c.state, '$.seized_on')
            ELSE coalesce(json_extract(c.state, '$.filed_on'), substr(c.created_at, 1, 10)) END
        FROM cases c WHERE c.id = case_stats.case_id),
    penalty_mask = coalesce((SELECT sum(CASE j.value
            WHEN '警告' THEN 1 WHEN '通报批评' THEN 2 WHEN '罚款' THEN 4 WHEN '没收违法所得' THEN 8
            WHEN '没收非法财物' THEN 16 WHEN '暂扣许可证件' THEN 32 WHEN '降低资质等级' THEN 64
            WHEN '吊销许可证件' THEN 128 WHEN '限制开展生产经营活动' THEN 256 WHEN '责令停产停业' THEN 512
            WHEN '责令关闭' THEN 1024 WHEN '限制从业' THEN 2048 WHEN '行政拘留' THEN 4096 ELSE 0 END)
        FROM cases c, json_each(c.state, '$.proposal.penalties') j
        WHERE c.id = case_stats.case_id AND c.kind = 'penalty' AND json_extract(c.state, '$.decided_on') IS NOT NULL), 0),
    confiscate_fen = coalesce((SELECT json_extract(c.state, '$.proposal.confiscate_fen') FROM cases c
        WHERE c.id = case_stats.case_id AND c.kind = 'penalty' AND json_extract(c.state, '$.decided_on') IS NOT NULL), 0),
    hearing_on = (SELECT json_extract(c.state, '$.hearing_held_on') FROM cases c WHERE c.id = case_stats.case_id);

CREATE INDEX case_stats_agency_acted ON case_stats (agency_id, acted_on, kind, item_id, penalty_mask, fine_fen, confiscate_fen);
CREATE INDEX case_stats_agency_hearing ON case_stats (agency_id, hearing_on);
CREATE INDEX publications_agency_decided ON publications (agency_id, decided_on);
ALTER TABLE publications ADD COLUMN stop_applied_on TEXT;
ALTER TABLE publications ADD COLUMN stopped_on TEXT;
ALTER TABLE publications ADD COLUMN stop_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE annual_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    agency_path  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    figures      TEXT NOT NULL,
    generated_at TIMESTAMP NOT NULL,
    prepared_by  BIGINT NOT NULL DEFAULT 0,
    approved_by  BIGINT NOT NULL DEFAULT 0,
    approver     TEXT NOT NULL DEFAULT '',
    published_on TEXT,
    reported_to  TEXT NOT NULL DEFAULT '[]',
    entry        BIGINT NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX annual_reports_agency_year ON annual_reports (agency_id, year);
CREATE INDEX annual_reports_status_year ON annual_reports (status, year, id);

-- +goose Down
DROP TABLE annual_reports;
ALTER TABLE publications DROP COLUMN stop_reason;
ALTER TABLE publications DROP COLUMN stopped_on;
ALTER TABLE publications DROP COLUMN stop_applied_on;
DROP INDEX publications_agency_decided;
DROP INDEX case_stats_agency_hearing;
DROP INDEX case_stats_agency_acted;
ALTER TABLE case_stats DROP COLUMN hearing_on;
ALTER TABLE case_stats DROP COLUMN confiscate_fen;
ALTER TABLE case_stats DROP COLUMN penalty_mask;
ALTER TABLE case_stats DROP COLUMN acted_on;
