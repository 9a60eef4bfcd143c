package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa/demo"
	"zhifa/sqlstore"
)

// BenchmarkGenerateBulk measures zhifa gen's bulk path (issue 11): the copies written a
// second, and as a baseline in the same run, the rows a second of a raw multi-row INSERT
// of the generated case rows alone (100 rows a statement, one transaction, into a table
// of the cases table's columns). ZHIFA_BENCH_GEN_CASES sets the size (default 20,000,
// 2,000 with -short), ZHIFA_BENCH_GEN_MODELS the models (default 400); PostgreSQL runs
// with ZHIFA_TEST_PG.
func BenchmarkGenerateBulk(b *testing.B) {
	cases, models := 20_000, 400
	if testing.Short() {
		cases = 2_000
	}
	if s := os.Getenv("ZHIFA_BENCH_GEN_CASES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			b.Fatalf("ZHIFA_BENCH_GEN_CASES=%q: want a number of at least 1000", s)
		}
		cases = n
	}
	if s := os.Getenv("ZHIFA_BENCH_GEN_MODELS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 {
			b.Fatalf("ZHIFA_BENCH_GEN_MODELS=%q: want a number of at least 100", s)
		}
		models = n
	}
	engines := []string{sqlstore.EngineSQLite}
	if os.Getenv("ZHIFA_TEST_PG") != "" {
		engines = append(engines, sqlstore.EnginePostgres)
	}
	defer demo.TuneGenGC(os.Getenv)() // as zhifa gen collects
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			for range b.N {
				st, dsn := openGenStoreDSN(b, engine)
				start := time.Now()
				_, n, _ := generateBulk(b, st, cases, models, 1)
				all := time.Since(start)
				copied := cases - models
				copyRate := float64(copied) / lastCopyRun.Seconds()
				raw := rawCaseInsertRate(b, engine, dsn, cases)
				b.ReportMetric(float64(n)/all.Seconds(), "cases/s")
				b.ReportMetric(copyRate, "copies/s")
				b.ReportMetric(raw, "raw-rows/s")
				b.ReportMetric(copyRate/raw, "copy/raw")
				perCopy := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(copied) }
				cpuPerCopy := perCopy(lastCopyCPU.total())
				b.ReportMetric(cpuPerCopy, "cpu-ms/copy")
				b.ReportMetric(perCopy(lastCopyCPU.user), "user-ms/copy")
				b.ReportMetric(perCopy(lastCopyCPU.sys), "sys-ms/copy")
				b.ReportMetric(lastRawCPU.Seconds()*1000, "raw-cpu-ms/row")
				b.Logf("%s: %d cases in %v (%.0f/s); %d copies at %.0f/s, %.3f ms of the process's CPU each; raw case-row INSERT %.0f rows/s, %.4f ms of CPU each; ratio %.4f",
					engine, n, all.Round(time.Millisecond), float64(n)/all.Seconds(), copied, copyRate, cpuPerCopy, raw,
					lastRawCPU.Seconds()*1000, copyRate/raw)
			}
		})
	}
}

// rawCaseInsertRate reads up to n case rows of the database and times their multi-row
// INSERT into a scratch table of the same columns, in one transaction with the store's
// bulk settings, and returns the rows a second.
func rawCaseInsertRate(b *testing.B, engine, dsn string, n int) float64 {
	b.Helper()
	ctx := context.Background()
	driver, conn := "sqlite", "file:"+dsn+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)"
	if engine == sqlstore.EnginePostgres {
		driver, conn = "pgx", dsn
	}
	db, err := sql.Open(driver, conn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const cols = `agency_id, number, year, seq, kind, procedure, item_id, officer_ids, occurred_on, discovered_on, harm,
		limitation_reason, facts, stage, outcome, state, clocks, next_due, version, created_by, created_at, updated_at`
	ncols := len(strings.Split(cols, ","))
	create := `CREATE TABLE raw_cases AS SELECT ` + cols + ` FROM cases WHERE 1 = 0`
	if _, err := db.ExecContext(ctx, create); err != nil {
		b.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+cols+` FROM cases ORDER BY id LIMIT $1`, n)
	if err != nil {
		b.Fatal(err)
	}
	var data [][]any
	for rows.Next() {
		row := make([]any, ncols)
		ptrs := make([]any, ncols)
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		data = append(data, row)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	const perStmt = 100
	start, cpu := time.Now(), processCPU()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for lo := 0; lo < len(data); lo += perStmt {
		chunk := data[lo:min(lo+perStmt, len(data))]
		var q strings.Builder
		args := make([]any, 0, len(chunk)*ncols)
		q.WriteString(`INSERT INTO raw_cases (` + cols + `) VALUES `)
		for i, row := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for j := range row {
				if j > 0 {
					q.WriteString(", ")
				}
				if engine == sqlstore.EnginePostgres {
					fmt.Fprintf(&q, "$%d", len(args)+1)
				} else {
					q.WriteString("?") // unnamed: the driver binds $n by looking its name up among all
				}
				args = append(args, row[j])
			}
			q.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	lastRawCPU = processCPU().sub(cpu).total() / time.Duration(len(data))
	return float64(len(data)) / time.Since(start).Seconds()
}

// lastRawCPU is the process's CPU time per row of the last raw insert.
var lastRawCPU time.Duration
