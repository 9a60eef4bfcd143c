package app

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"zhifa/sqlstore"
)

// writeCost measures what the writes of one benchmark cost (issue 11): statements
// and serialization retries per write (the store's counters, reads of the returned
// view included), and CPU per write in this process (client: app, driver, ledger
// integrator and sequencer) and, on PostgreSQL when its server runs on this machine,
// in the server backends of the benchmark's database.
type writeCost struct {
	w          *caseBenchWorld
	stats      sqlstore.WriteStats
	clientCPU  time.Duration
	serverCPU  map[int]time.Duration // backend pid → CPU at start
	serverSeen bool
}

// startCost snapshots the counters; call it just before the timed loop.
func (w *caseBenchWorld) startCost() *writeCost {
	m := &writeCost{w: w, stats: w.writeStats(), clientCPU: processCPU()}
	m.serverCPU, m.serverSeen = w.backendCPU()
	return m
}

// report adds stmts/write, round-trips/write (the statements with BEGIN and COMMIT
// when they take a round trip of their own), retries/write, guesses/write (case
// numbers taken with the commit) and the CPU per write (reportCPU) to the
// benchmark's line; perOp is the writes per operation.
func (m *writeCost) report(perOp int) {
	b := m.w.b
	writes := float64(b.N * perOp)
	d := m.w.writeStats().Sub(m.stats)
	b.ReportMetric(float64(d.Statements)/writes, "stmts/write")
	b.ReportMetric(float64(d.RoundTrips)/writes, "round-trips/write")
	b.ReportMetric(float64(d.Retries)/writes, "retries/write")
	b.ReportMetric(float64(d.Guesses)/writes, "guesses/write")
	m.reportCPU(perOp)
}

// reportCPU adds client-ms/write and server-ms/write to the benchmark's line.
func (m *writeCost) reportCPU(perOp int) {
	b := m.w.b
	writes := float64(b.N * perOp)
	b.ReportMetric(float64(processCPU()-m.clientCPU)/float64(time.Millisecond)/writes, "client-ms/write")
	if now, ok := m.w.backendCPU(); ok && m.serverSeen {
		var used time.Duration
		for pid, cpu := range now {
			used += cpu - m.serverCPU[pid] // a backend opened during the run started at 0
		}
		if used > 0 { // below /proc's 10 ms resolution for the short baseline
			b.ReportMetric(float64(used)/float64(time.Millisecond)/writes, "server-ms/write")
		}
	}
}

// writeStats are the counters of every server's store, added up.
func (w *caseBenchWorld) writeStats() sqlstore.WriteStats {
	var sum sqlstore.WriteStats
	for _, st := range w.stores {
		sum = sum.Add(st.WriteStats())
	}
	return sum
}

// processCPU is the user and system CPU time of this process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU is the CPU time of each PostgreSQL backend connected to the benchmark's
// database, read from /proc; ok is false on SQLite or when the server's processes
// are not visible here.
func (w *caseBenchWorld) backendCPU() (map[int]time.Duration, bool) {
	if w.store.Engine() != sqlstore.EnginePostgres {
		return nil, false
	}
	db, err := sql.Open(w.driver, w.dsn)
	if err != nil {
		return nil, false
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(),
		`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	cpu := map[int]time.Duration{}
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			return nil, false
		}
		d, ok := procCPU(pid)
		if !ok {
			return nil, false
		}
		cpu[pid] = d
	}
	return cpu, rows.Err() == nil
}

// procCPU reads the user and system time of process pid from /proc/pid/stat (clock
// ticks of 1/100 s, the Linux default).
func procCPU(pid int) (time.Duration, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command may hold spaces; the fields after its closing parenthesis are fixed.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, true
}
