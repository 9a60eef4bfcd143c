-- The workspace (issue 12): in-app notifications and the indexes of the to-do list.
--
-- notifications: one row per thing that landed on a person's list (an approval asked of
-- them or decided, a review assigned or answered, a deadline tomorrow). event_key names the
-- event; (user_id, event_key) is unique so that a job that runs again the same day, or an
-- event written twice, notifies once. A user reads only their own rows.
--
-- users_officer: the accounts of the officers handling a case (the deadline notice).
-- case_clocks_agency_due: an agency's running clocks by due date (a head's overdue work),
-- one range per agency in scope; case_clocks_day: the clocks due on one day (the daily
-- deadline notice).
-- review_rounds_reviewer_id: the reviewer's finished reviews page by keyset on id, newest first.

-- +goose Up
CREATE TABLE notifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    event_key  TEXT NOT NULL,
    title      TEXT NOT NULL,
    case_id    BIGINT NOT NULL DEFAULT 0,
    url        TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    UNIQUE (user_id, event_key)
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;

CREATE INDEX users_officer ON users (officer_id);
CREATE INDEX case_clocks_agency_due ON case_clocks (agency_id, due, case_id);
CREATE INDEX case_clocks_day ON case_clocks (due, case_id);
CREATE INDEX review_rounds_reviewer_id ON review_rounds (reviewer_id, id);

-- +goose Down
DROP INDEX review_rounds_reviewer_id;
DROP INDEX case_clocks_day;
DROP INDEX case_clocks_agency_due;
DROP INDEX users_officer;
DROP TABLE notifications;
