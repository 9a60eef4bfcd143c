-- Per-agency hearing thresholds (行政处罚法第六十三条第一款第一项、第二项：较大数额罚款、
-- 没收较大数额违法所得、没收较大价值非法财物): the amounts, in fen, from which a fine or a
-- confiscated value gives a person or an organization the right to request a hearing.
-- 0 is the default (law.DefaultHearingThresholds: 市场监督管理行政处罚听证办法第五条).

-- +goose Up
ALTER TABLE agencies ADD COLUMN hearing_person_fen BIGINT NOT NULL DEFAULT 0 CHECK (hearing_person_fen >= 0);
ALTER TABLE agencies ADD COLUMN hearing_org_fen BIGINT NOT NULL DEFAULT 0 CHECK (hearing_org_fen >= 0);

-- +goose Down
ALTER TABLE agencies DROP COLUMN hearing_org_fen;
ALTER TABLE agencies DROP COLUMN hearing_person_fen;
