package web

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/demo"
	"zhifa/sqlstore"
	"zhifa/web/kit"
)

// memoryClients is the number of concurrent clients of BenchmarkServerMemory (issue #11:
// server RSS under 8 concurrent clients).
const memoryClients = 8

// memoryBudgetMiB is the budget for the server's resident memory.
const memoryBudgetMiB = 300

// BenchmarkServerMemory serves the store of BenchmarkScale (openBenchStore: 2,000 cases
// unless ZHIFA_BENCH_CASES says otherwise, cached between runs) to 8 concurrent
// clients, each opening the daily pages and API lists of the demo accounts in turn, b.N
// requests in all, and samples the process's memory every 20 ms. It reports the peak
// resident set (rss-peak-MiB, from /proc/self/status, so the test process's own memory
// is included and the figure is an upper bound of a server's), the peak Go heap in use
// (heap-peak-MiB) and, as the baseline, the resident set of the same process with the
// store open and the server idle (rss-idle-MiB) and the ratio x-idle-rss; on PostgreSQL
// also the peak of its backends' summed resident sets and private memory
// (pg-backends-rss-peak-MiB, pg-backends-anon-peak-MiB), read from /proc when the
// server runs on this machine. The budget is
// 300 MiB of RSS; a run above it fails, unless the store was generated in the same
// process (then the figure is logged: run again on the cached store).
func BenchmarkServerMemory(b *testing.B) {
	n := benchCases(b, 2000)
	for _, engine := range benchEngines() {
		b.Run(engine, func(b *testing.B) {
			benchMemory(b, openBenchStore(b, engine, n))
		})
	}
}

// memoryTargets are the requests the clients cycle through: the landing page of every
// role, the warnings, the clocks, the case lists and the queues; supervisor1's are the
// store's supervisor's (scaleStore.supervisor).
var memoryTargets = []scaleTarget{
	{"staff/officer", "officer1", "/staff/", false},
	{"staff/head", "head1", "/staff/", false},
	{"staff/supervisor", "supervisor1", "/staff/", false},
	{"staff/reviewer", "reviewer1", "/staff/", false},
	{"warnings", "supervisor1", "/api/v1/warnings/cases", true},
	{"clocks", "supervisor1", "/staff/cases/clocks", false},
	{"cases", "supervisor1", "/api/v1/cases", true},
	{"cases/mine", "officer1", "/api/v1/cases?mine=true", true},
	{"cases/page", "supervisor1", "/staff/cases", false},
	{"filings", "supervisor1", "/staff/filings", false},
	{"reviews", "reviewer1", "/staff/reviews", false},
}

func benchMemory(b *testing.B, st *scaleStore) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st.db, app.Options{Logger: quiet, Now: st.now})
	srv := httptest.NewServer(New(a, Options{Logger: quiet}))
	b.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = memoryClients
	cookies, tokens := map[string]string{}, map[string]string{}
	anon := app.WithActor(ctx, &app.Actor{IP: "127.0.0.1"})
	targets := slices.Clone(memoryTargets)
	for i := range targets {
		if targets[i].login == "supervisor1" {
			targets[i].login = st.supervisor
		}
	}
	for _, t := range targets {
		if _, ok := cookies[t.login]; ok {
			continue
		}
		var err error
		if cookies[t.login], _, err = a.Login(anon, t.login, demo.Password, zhifa.SessionUI); err != nil {
			b.Fatalf("login %s: %v", t.login, err)
		}
		if tokens[t.login], _, err = a.Login(anon, t.login, demo.Password, zhifa.SessionAPI); err != nil {
			b.Fatalf("login %s: %v", t.login, err)
		}
	}
	get := func(t scaleTarget) error {
		req, err := http.NewRequest("GET", srv.URL+t.path, nil)
		if err != nil {
			return err
		}
		if t.api {
			req.Header.Set("Authorization", "Bearer "+tokens[t.login])
		} else {
			req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: cookies[t.login]})
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s as %s: status %d", t.path, t.login, resp.StatusCode)
		}
		return nil
	}
	for _, t := range targets { // warm up, and fail early on a refusal
		if err := get(t); err != nil {
			b.Fatal(err)
		}
	}
	// The generator may have run in this process: start from a collected heap.
	runtime.GC()
	debug.FreeOSMemory()
	idle, ok := rssKiB()
	if !ok {
		b.Skip("no VmRSS in /proc/self/status")
	}

	var peakRSS, peakHeap, peakPG, peakPGAnon atomic.Uint64
	var pgSeen atomic.Bool
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for n := 0; ; n++ {
			runtime.ReadMemStats(&ms)
			atomicMax(&peakHeap, ms.HeapInuse)
			if v, ok := rssKiB(); ok {
				atomicMax(&peakRSS, v<<10)
			}
			if st.db.Engine() == sqlstore.EnginePostgres && n%10 == 0 { // the backends every 200 ms
				if rss, anon, ok := pgBackendsKiB(ctx, st.raw); ok {
					pgSeen.Store(true)
					atomicMax(&peakPG, rss<<10)
					atomicMax(&peakPGAnon, anon<<10)
				}
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, memoryClients)
	b.ResetTimer()
	for c := range memoryClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := get(targets[(int(i)+c)%len(targets)]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(stop)
	<-sampled
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	const mib = 1 << 20
	rss := float64(peakRSS.Load()) / mib
	b.ReportMetric(rss, "rss-peak-MiB")
	b.ReportMetric(float64(peakHeap.Load())/mib, "heap-peak-MiB")
	b.ReportMetric(float64(idle)/1024, "rss-idle-MiB")
	if idle > 0 {
		b.ReportMetric(rss/(float64(idle)/1024), "x-idle-rss")
	}
	if pgSeen.Load() {
		// The PostgreSQL backends serving this database, apart from the server's process:
		// their resident sets summed (shared buffers they touched counted in each) and
		// their private memory (RssAnon) summed.
		b.ReportMetric(float64(peakPG.Load())/mib, "pg-backends-rss-peak-MiB")
		b.ReportMetric(float64(peakPGAnon.Load())/mib, "pg-backends-anon-peak-MiB")
	}
	switch {
	case rss > memoryBudgetMiB && st.gen > 0:
		// The generator ran in this process, and the C heap of its connections is not
		// all given back: the figure is not the server's.
		b.Logf("peak RSS %.0f MiB under %d clients after generating the store in this process; run again on the cached store", rss, memoryClients)
	case rss > memoryBudgetMiB:
		b.Errorf("peak RSS %.0f MiB under %d clients, budget %d MiB", rss, memoryClients, memoryBudgetMiB)
	}
}

// rssKiB is the resident set of this process in KiB (VmRSS of /proc/self/status), ok
// false where there is none.
func rssKiB() (kib uint64, ok bool) { return procStatusKiB("/proc/self/status", "VmRSS:") }

// pgBackendsKiB sums the resident sets (VmRSS) and the private memory (RssAnon) of the
// PostgreSQL backends connected to raw's database, other than the one asking; ok is
// false when the server's processes cannot be read (another host or container).
func pgBackendsKiB(ctx context.Context, raw *sql.DB) (rss, anon uint64, ok bool) {
	rows, err := raw.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		return 0, 0, false
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			return 0, 0, false
		}
		status := fmt.Sprintf("/proc/%d/status", pid)
		if v, found := procStatusKiB(status, "VmRSS:"); found {
			rss += v
			ok = true
		}
		if v, found := procStatusKiB(status, "RssAnon:"); found {
			anon += v
		}
	}
	return rss, anon, ok && rows.Err() == nil
}

// procStatusKiB reads the field (e.g. "VmRSS:") of a /proc/PID/status file in KiB.
func procStatusKiB(path, field string) (kib uint64, ok bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	s := bufio.NewScanner(bytes.NewReader(data))
	for s.Scan() {
		if rest, found := bytes.CutPrefix(s.Bytes(), []byte(field)); found {
			if f := bytes.Fields(rest); len(f) > 0 {
				v, err := strconv.ParseUint(string(f[0]), 10, 64)
				return v, err == nil
			}
		}
	}
	return 0, false
}

// atomicMax raises m to v if v is larger.
func atomicMax(m *atomic.Uint64, v uint64) {
	for {
		cur := m.Load()
		if v <= cur || m.CompareAndSwap(cur, v) {
			return
		}
	}
}
