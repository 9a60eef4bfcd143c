package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
)

// Prepared-statement cache (SQLite). Profiling the write path (BenchmarkCaseWrites,
// issue #11) showed about 40% of the CPU time of a filing in SQLite's parser: the
// modernc driver prepares every statement that database/sql passes to ExecContext or
// QueryContext afresh and finalizes it after one use. sqlstore's SQL is a fixed set
// of texts, so each pooled connection keeps its prepared statements, keyed by text,
// and reuses them; only the binding and the step remain per call. (pgx caches
// prepared statements per connection on its own.)
//
// The wrapper hides the driver's ExecerContext and QueryerContext, so that database/sql
// prepares through it (Prepare … Close around every call). A statement whose rows are
// still open (a query issued again while iterating its own rows) is busy: the second
// use gets a statement of its own, finalized after use, so a cached handle is never
// reset under open rows.

// stmtCacheSize bounds the statements kept per connection; texts built at run time
// (IN lists of varying length) are evicted least recently used first.
const stmtCacheSize = 256

// openCachedSQLite opens dsn with the registered "sqlite" driver, each connection
// caching its prepared statements.
func openCachedSQLite(dsn string) (*sql.DB, error) {
	probe, err := sql.Open("sqlite", dsn) // sql.Open does not connect
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	return sql.OpenDB(&cachingConnector{drv: drv, dsn: dsn}), nil
}

// cachingConnector opens connections of drv that cache their statements.
type cachingConnector struct {
	drv driver.Driver
	dsn string
}

func (c *cachingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: conn, lru: list.New(), byText: map[string]*list.Element{}}, nil
}

func (c *cachingConnector) Driver() driver.Driver { return c.drv }

// cachingConn is a driver connection with a cache of prepared statements.
type cachingConn struct {
	driver.Conn
	mu     sync.Mutex
	lru    *list.List // of *cachedStmt, most recently used first
	byText map[string]*list.Element
}

// cachedStmt is a prepared statement of the cache. busy is set between Prepare and
// Close: database/sql closes the statement after an Exec, and after a Query once its
// rows are closed.
type cachedStmt struct {
	driver.Stmt
	conn  *cachingConn
	query string
	busy  bool
	owned bool // not in the cache: finalized on Close
}

var (
	_ driver.ConnPrepareContext = (*cachingConn)(nil)
	_ driver.ConnBeginTx        = (*cachingConn)(nil)
	_ driver.SessionResetter    = (*cachingConn)(nil)
	_ driver.Validator          = (*cachingConn)(nil)
	_ driver.Pinger             = (*cachingConn)(nil)
	_ driver.StmtExecContext    = (*cachedStmt)(nil)
	_ driver.StmtQueryContext   = (*cachedStmt)(nil)
)

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext returns the cached statement of query, preparing it on a miss.
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.mu.Lock()
	if el, ok := c.byText[query]; ok {
		s := el.Value.(*cachedStmt)
		if !s.busy {
			s.busy = true
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return s, nil
		}
		c.mu.Unlock()
		ds, err := c.prepare(ctx, query)
		if err != nil {
			return nil, err
		}
		return &cachedStmt{Stmt: ds, conn: c, query: query, busy: true, owned: true}, nil
	}
	c.mu.Unlock()
	ds, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	s := &cachedStmt{Stmt: ds, conn: c, query: query, busy: true}
	c.mu.Lock()
	c.byText[query] = c.lru.PushFront(s)
	evicted := c.evictLocked()
	c.mu.Unlock()
	for _, e := range evicted {
		e.Stmt.Close()
	}
	return s, nil
}

func (c *cachingConn) prepare(ctx context.Context, query string) (driver.Stmt, error) {
	if pc, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return pc.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

// evictLocked drops the least recently used idle statements beyond stmtCacheSize and
// returns them for finalizing.
func (c *cachingConn) evictLocked() []*cachedStmt {
	var out []*cachedStmt
	for el := c.lru.Back(); el != nil && c.lru.Len() > stmtCacheSize; {
		prev := el.Prev()
		if s := el.Value.(*cachedStmt); !s.busy {
			c.lru.Remove(el)
			delete(c.byText, s.query)
			out = append(out, s)
		}
		el = prev
	}
	return out
}

// Close finalizes the cached statements and closes the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	var errs []error
	for el := c.lru.Front(); el != nil; el = el.Next() {
		errs = append(errs, el.Value.(*cachedStmt).Stmt.Close())
	}
	c.lru.Init()
	clear(c.byText)
	c.mu.Unlock()
	return errors.Join(append(errs, c.Conn.Close())...)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if bt, ok := c.Conn.(driver.ConnBeginTx); ok {
		return bt.BeginTx(ctx, opts)
	}
	//lint:ignore SA1019 the fallback for a driver without BeginTx
	return c.Conn.Begin()
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *cachingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// Close returns the statement to its connection's cache (or finalizes it when it is
// not cached).
func (s *cachedStmt) Close() error {
	if s.owned {
		return s.Stmt.Close()
	}
	s.conn.mu.Lock()
	s.busy = false
	s.conn.mu.Unlock()
	return nil
}

func (s *cachedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if ec, ok := s.Stmt.(driver.StmtExecContext); ok {
		return ec.ExecContext(ctx, args)
	}
	return nil, errors.New("sqlstore: driver statement without ExecContext")
}

func (s *cachedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if qc, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return qc.QueryContext(ctx, args)
	}
	return nil, errors.New("sqlstore: driver statement without QueryContext")
}
