package main

import (
	"context"
	"time"

	"zhifa/app"
)

// dailyJobsEvery is how often serve checks whether the day has turned, to run the day's
// jobs once a day (app.RunDailyJobs): tomorrow's deadline notices, the analytic rules.
const dailyJobsEvery = 10 * time.Minute

// runDailyJobs starts the daily jobs of a; the returned function stops them and waits,
// so that no write is under way when the store closes.
func runDailyJobs(ctx context.Context, a *app.App) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.RunDailyJobs(ctx, dailyJobsEvery)
	}()
	return func() { cancel(); <-done }
}
