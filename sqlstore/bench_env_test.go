package sqlstore

import (
	"os"
	"strconv"
	"testing"
)

// benchSize is the size a benchmark runs at: the number in the environment variable env
// when it is set (at least 1,000), else def, or short with -short.
func benchSize(b *testing.B, env string, def, short int) int {
	b.Helper()
	if s := os.Getenv(env); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1000 {
			b.Fatalf("%s=%q: want a number of at least 1000", env, s)
		}
		return n
	}
	if testing.Short() {
		return short
	}
	return def
}

// benchEngine is a store engine a benchmark runs on.
type benchEngine struct {
	name string
	open func(testing.TB) *DB
}

// benchEngines are SQLite, and PostgreSQL when ZHIFA_TEST_PG is set.
func benchEngines() []benchEngine {
	engines := []benchEngine{{"sqlite", openSQLite}}
	if os.Getenv("ZHIFA_TEST_PG") != "" {
		engines = append(engines, benchEngine{"postgres", openPostgres})
	}
	return engines
}
