package main

import (
	"context"
	"time"

	"zhifa/app"
)

// deadlineNoticeEvery is how often serve checks whether the day has turned, to notify
// the officers of tomorrow's deadlines once a day (app.RunDeadlineNotices).
const deadlineNoticeEvery = 10 * time.Minute

// runDeadlineNotices starts the daily deadline notices of a; the returned function stops
// them and waits, so that no write is under way when the store closes.
func runDeadlineNotices(ctx context.Context, a *app.App) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.RunDeadlineNotices(ctx, deadlineNoticeEvery)
	}()
	return func() { cancel(); <-done }
}
