-- The day files of published decisions (issue 13, C7): the daily open-data files, the
-- credit-system export and the 公告栏 notice read the publications by the day they were
-- published or withdrawn; each is one range of these indexes (id breaks the ties so that
-- a day's rows page by keyset). The portal's search by a whole 案号 is one entry of
-- publications_case_number.

-- +goose Up
CREATE INDEX publications_published_on ON publications (published_on, id);
CREATE INDEX publications_withdrawn_on ON publications (withdrawn_on, id);
CREATE INDEX publications_case_number ON publications (case_number);

-- +goose Down
DROP INDEX publications_case_number;
DROP INDEX publications_withdrawn_on;
DROP INDEX publications_published_on;
