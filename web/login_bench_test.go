package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"zhifa/app"
	"zhifa/app/catalog"
)

// floodClients is the number of clients sending bad logins in
// BenchmarkWriteUnderLoginFlood (issue 9 §4).
const floodClients = 40

// BenchmarkWriteUnderLoginFlood measures an authenticated write (PUT /api/v1/items/{id},
// a new item version) while 40 clients send bad logins as fast as they can, each from a
// new address every time (behind a trusted proxy), so that no throttle helps and every
// login runs argon2id with the production costs. It reports the write's p50 and p99
// unloaded and under the flood, and x-unloaded-p99: the loaded p99 ÷ the unloaded p99 of
// the same run. Run with -benchtime=1x: each run measures writesPerPhase writes a phase.
func BenchmarkWriteUnderLoginFlood(b *testing.B) {
	const writesPerPhase = 200
	env := newTestEnv(b)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	prod := app.New(env.Store, app.Options{Now: env.Clock.Now, Logger: quiet, LedgerSigner: env.Signer})
	srv := httptest.NewServer(New(prod, Options{Logger: quiet, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}))
	b.Cleanup(srv.Close)
	token := env.token(b, loginAdmin)
	var item catalog.ItemView
	env.apiOK(b, http.StatusCreated, "POST", "/api/v1/items", loginAdmin, validItem(env.Market.ID, "DG-BENCH-1"), &item)
	edit := validItem(env.Market.ID, "DG-BENCH-1")
	edit.Version = item.Version
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: floodClients + 4}}
	write := func() time.Duration {
		edit.Name = fmt.Sprintf("压测事项%d", edit.Version)
		body, _ := json.Marshal(edit)
		req, _ := http.NewRequest("PUT", fmt.Sprintf("%s/api/v1/items/%d", srv.URL, item.ID), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var v catalog.ItemView
		err = json.NewDecoder(res.Body).Decode(&v)
		res.Body.Close()
		took := time.Since(start)
		if res.StatusCode != http.StatusOK || err != nil {
			b.Fatalf("write: %d %v", res.StatusCode, err)
		}
		edit.Version = v.Version
		return took
	}
	phase := func() (p50, p99 time.Duration) {
		ds := make([]time.Duration, writesPerPhase)
		for i := range ds {
			ds[i] = write()
		}
		slices.Sort(ds)
		return ds[len(ds)/2], ds[len(ds)*99/100]
	}
	for b.Loop() {
		for range 20 {
			write() // warm up connections and caches
		}
		u50, u99 := phase()
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var logins sync.Map
		for c := range floodClients {
			wg.Go(func() {
				n := 0
				for ctx.Err() == nil {
					login := fmt.Sprintf("nobody%d", rand.IntN(1000))
					if c%2 == 0 {
						login = loginHead
					}
					body := fmt.Sprintf(`{"login":%q,"password":"Wrong-pass-%d"}`, login, n)
					req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/api/v1/login", bytes.NewReader([]byte(body)))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", rand.IntN(256), rand.IntN(256), rand.IntN(256)))
					if res, err := client.Do(req); err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						n++
					}
				}
				logins.Store(c, n)
			})
		}
		time.Sleep(time.Second) // let the flood build up
		l50, l99 := phase()
		stop()
		wg.Wait()
		total := 0
		logins.Range(func(_, v any) bool { total += v.(int); return true })
		b.ReportMetric(float64(u50.Microseconds())/1000, "unloaded-p50-ms")
		b.ReportMetric(float64(u99.Microseconds())/1000, "unloaded-p99-ms")
		b.ReportMetric(float64(l50.Microseconds())/1000, "flood-p50-ms")
		b.ReportMetric(float64(l99.Microseconds())/1000, "flood-p99-ms")
		b.ReportMetric(float64(l99)/float64(u99), "x-unloaded-p99")
		b.ReportMetric(float64(total), "bad-logins")
	}
}
