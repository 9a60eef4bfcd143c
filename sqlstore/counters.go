package sqlstore

import "sync/atomic"

// counters count what the store sends to the database, for the write benchmarks
// (issue 11: statements per filing and per case step, serialization retries per
// write). An atomic add per statement costs nothing next to the statement.
type counters struct {
	statements atomic.Int64 // statements sent inside Update and View transactions
	updates    atomic.Int64 // Update calls that committed
	retries    atomic.Int64 // attempts run again after a serialization failure, deadlock or refuted case number
	guesses    atomic.Int64 // case numbers guessed, to be checked by the commit's bump (casenumbers.go)
	// control counts the BEGIN, COMMIT and ROLLBACK of Update and View transactions
	// that took a round trip of their own (a COMMIT sent with the last writes does not,
	// pgcommit.go).
	control atomic.Int64
	// pipelined counts the statements sent in a pipeline after its first, which take
	// no round trip of their own (Prefetch, prefetch.go).
	pipelined atomic.Int64
}

// WriteStats is a snapshot of the store's counters since Open.
type WriteStats struct {
	// Statements is the number of statements sent in transactions (a deferred batch
	// counts as one, deferred.go).
	Statements int64
	// Updates is the number of Update calls that committed.
	Updates int64
	// Retries is the number of transactions run again because PostgreSQL aborted them
	// for a serialization failure or a deadlock, or because the case number they
	// guessed was taken (casenumbers.go).
	Retries int64
	// Guesses is the number of case numbers taken with the commit (PostgreSQL): guessed
	// from the process's last filing of the sequence, refuted ones included.
	Guesses int64
	// RoundTrips is Statements, less those sent in a pipeline after its first, and the
	// BEGIN, COMMIT and ROLLBACK sent on their own: the round trips of the transactions
	// on PostgreSQL.
	RoundTrips int64
}

// Sub returns the counts of s since the earlier snapshot o.
func (s WriteStats) Sub(o WriteStats) WriteStats {
	return WriteStats{Statements: s.Statements - o.Statements, Updates: s.Updates - o.Updates, Retries: s.Retries - o.Retries,
		Guesses: s.Guesses - o.Guesses, RoundTrips: s.RoundTrips - o.RoundTrips}
}

// Add returns the counts of s and o together (several stores' counters).
func (s WriteStats) Add(o WriteStats) WriteStats {
	return WriteStats{Statements: s.Statements + o.Statements, Updates: s.Updates + o.Updates, Retries: s.Retries + o.Retries,
		Guesses: s.Guesses + o.Guesses, RoundTrips: s.RoundTrips + o.RoundTrips}
}

// WriteStats returns the store's counters.
func (db *DB) WriteStats() WriteStats {
	statements := db.counts.statements.Load()
	return WriteStats{Statements: statements, Updates: db.counts.updates.Load(), Retries: db.counts.retries.Load(),
		Guesses: db.counts.guesses.Load(), RoundTrips: statements + db.counts.control.Load() - db.counts.pipelined.Load()}
}
