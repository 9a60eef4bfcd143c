-- The annual statistical report of enforcement (issue 13): see the SQLite migration of
-- the same number for what the columns, indexes and table are for; the schema means the
-- same on both engines.

-- +goose Up
ALTER TABLE case_stats ADD COLUMN acted_on DATE;
ALTER TABLE case_stats ADD COLUMN penalty_mask BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN confiscate_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN hearing_on DATE;

UPDATE case_stats s SET
    acted_on = (CASE c.kind
            WHEN 'penalty' THEN (c.state::jsonb ->> 'decided_on')
            WHEN 'compulsory' THEN (c.state::jsonb ->> 'seized_on')
            ELSE coalesce(c.state::jsonb ->> 'filed_on', to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) END)::date,
    penalty_mask = CASE WHEN c.kind = 'penalty' AND c.state::jsonb ? 'decided_on' THEN coalesce((SELECT sum(CASE j
            WHEN '警告' THEN 1 WHEN '通报批评' THEN 2 WHEN '罚款' THEN 4 WHEN '没收违法所得' THEN 8
            WHEN '没收非法财物' THEN 16 WHEN '暂扣许可证件' THEN 32 WHEN '降低资质等级' THEN 64
            WHEN '吊销许可证件' THEN 128 WHEN '限制开展生产经营活动' THEN 256 WHEN '责令停产停业' THEN 512
            WHEN '责令关闭' THEN 1024 WHEN '限制从业' THEN 2048 WHEN '行政拘留' THEN 4096 ELSE 0 END)
        FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.state::jsonb -> 'proposal' -> 'penalties') = 'array'
            THEN c.state::jsonb -> 'proposal' -> 'penalties' ELSE '[]'::jsonb END) j), 0) ELSE 0 END,
    confiscate_fen = CASE WHEN c.kind = 'penalty' AND c.state::jsonb ? 'decided_on'
        THEN coalesce((c.state::jsonb -> 'proposal' ->> 'confiscate_fen')::bigint, 0) ELSE 0 END,
    hearing_on = (c.state::jsonb ->> 'hearing_held_on')::date
FROM cases c WHERE c.id = s.case_id;

CREATE INDEX case_stats_agency_acted ON case_stats (agency_id, acted_on, kind, item_id, penalty_mask, fine_fen, confiscate_fen);
CREATE INDEX case_stats_agency_hearing ON case_stats (agency_id, hearing_on);
CREATE INDEX publications_agency_decided ON publications (agency_id, decided_on);
ALTER TABLE publications ADD COLUMN stop_applied_on DATE;
ALTER TABLE publications ADD COLUMN stopped_on DATE;
ALTER TABLE publications ADD COLUMN stop_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE annual_reports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    agency_path  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    figures      TEXT NOT NULL,
    generated_at TIMESTAMPTZ NOT NULL,
    prepared_by  BIGINT NOT NULL DEFAULT 0,
    approved_by  BIGINT NOT NULL DEFAULT 0,
    approver     TEXT NOT NULL DEFAULT '',
    published_on DATE,
    reported_to  TEXT NOT NULL DEFAULT '[]',
    entry        BIGINT NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
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
