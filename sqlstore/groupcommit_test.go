package sqlstore

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
)

// gcHarness holds the committer busy with a first Update that waits for release, so
// the calls started meanwhile queue up and join its batch.
type gcHarness struct {
	t       *testing.T
	db      *DB
	release chan struct{}
	wg      sync.WaitGroup
	queued  int
	// firstRuns counts the runs of the first fn.
	firstRuns atomic.Int32
}

func newGCHarness(t *testing.T) *gcHarness {
	h := &gcHarness{t: t, db: openSQLite(t), release: make(chan struct{})}
	started := make(chan struct{})
	var once sync.Once
	h.queued = -1 // the first is not queued but running
	h.start("first", func(ctx context.Context, tx zhifa.Tx) error {
		h.firstRuns.Add(1)
		if err := auditRow(ctx, tx, "first"); err != nil {
			return err
		}
		once.Do(func() { close(started) })
		<-h.release
		return nil
	}, nil)
	<-started
	return h
}

// auditRow writes an audit line whose object names its writer.
func auditRow(ctx context.Context, tx zhifa.Tx, object string) error {
	return tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "gc", Action: "gc.test", Object: object, Success: true})
}

// start calls Update(fn) in a goroutine that stores the outcome in *out: the error, or
// the recovered panic value.
func (h *gcHarness) start(name string, fn func(ctx context.Context, tx zhifa.Tx) error, out *any) {
	h.startCtx(context.Background(), name, fn, out)
}

// startCtx is start with a context; the channel is closed when Update has returned.
func (h *gcHarness) startCtx(ctx context.Context, name string, fn func(ctx context.Context, tx zhifa.Tx) error, out *any) chan struct{} {
	h.wg.Add(1)
	done := make(chan struct{})
	go func() {
		defer h.wg.Done()
		defer close(done)
		defer func() {
			if r := recover(); r != nil && out != nil {
				*out = r
			}
		}()
		err := h.db.Update(ctx, func(tx zhifa.Tx) error { return fn(ctx, tx) })
		if out != nil {
			*out = err
		}
	}()
	if h.queued++; h.queued == 0 {
		return done
	}
	// Wait until the call has queued behind the first (or left the queue).
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.db.gc.mu.Lock()
		n := len(h.db.gc.queue)
		h.db.gc.mu.Unlock()
		if n >= h.queued || time.Now().After(deadline) {
			return done
		}
		time.Sleep(time.Millisecond)
	}
}

func (h *gcHarness) finish() {
	close(h.release)
	h.wg.Wait()
}

// objects returns the objects of the committed audit lines, with their counts.
func (h *gcHarness) objects() map[string]int {
	ctx := context.Background()
	got := map[string]int{}
	view(h.t, h.db, func(tx zhifa.Tx) error {
		list, _, err := tx.Audit(ctx, zhifa.AuditFilter{Action: "gc.test", Page: zhifa.Page{Limit: 500}})
		for _, e := range list {
			got[e.Object]++
		}
		return err
	})
	return got
}

// TestGroupCommit checks that fns committed together keep Update's contract: a failed
// or panicking fn loses only its own writes and gets its own error, the others commit.
func TestGroupCommit(t *testing.T) {
	h := newGCHarness(t)
	boom := errors.New("boom")
	var okB, failC, panicD, okE, goexitF any = "unset", "unset", "unset", "unset", "unset"
	ok := func(name string) func(ctx context.Context, tx zhifa.Tx) error {
		return func(ctx context.Context, tx zhifa.Tx) error { return auditRow(ctx, tx, name) }
	}
	h.start("b", ok("b"), &okB)
	h.start("c", func(ctx context.Context, tx zhifa.Tx) error {
		if err := auditRow(ctx, tx, "c"); err != nil {
			return err
		}
		return boom
	}, &failC)
	h.start("d", func(ctx context.Context, tx zhifa.Tx) error {
		if err := auditRow(ctx, tx, "d"); err != nil {
			return err
		}
		panic("崩溃")
	}, &panicD)
	h.start("e", ok("e"), &okE)
	h.start("f", func(ctx context.Context, tx zhifa.Tx) error {
		if err := auditRow(ctx, tx, "f"); err != nil {
			return err
		}
		runtime.Goexit() // as t.Fatal does
		return nil
	}, &goexitF)
	h.db.gc.mu.Lock()
	n := len(h.db.gc.queue)
	h.db.gc.mu.Unlock()
	if n != 5 {
		t.Fatalf("%d calls queued, want 5", n)
	}
	h.finish()
	if okB != nil || okE != nil {
		t.Errorf("successful fns: Update returned %v and %v", okB, okE)
	}
	if err, _ := failC.(error); !errors.Is(err, boom) {
		t.Errorf("failing fn: Update returned %v, want its error", failC)
	}
	if panicD != "崩溃" {
		t.Errorf("panicking fn: recovered %v", panicD)
	}
	if n := h.firstRuns.Load(); n != 1 {
		t.Errorf("the first fn ran %d times", n)
	}
	if goexitF != "unset" {
		t.Errorf("fn calling Goexit: %v", goexitF)
	}
	got := h.objects()
	for obj, want := range map[string]int{"first": 1, "b": 1, "c": 0, "d": 0, "e": 1, "f": 0} {
		if got[obj] != want {
			t.Errorf("audit lines of %s: %d, want %d (all: %v)", obj, got[obj], want, got)
		}
	}
	// The store is still usable, alone and together.
	update(t, h.db, func(tx zhifa.Tx) error { return auditRow(context.Background(), tx, "after") })
	if h.objects()["after"] != 1 {
		t.Error("no write after the batch")
	}
}

// TestGroupCommitBroken: when one fn's failure ends the whole shared transaction, the
// fns that had succeeded run again alone and commit exactly once.
func TestGroupCommitBroken(t *testing.T) {
	h := newGCHarness(t)
	boom := errors.New("boom")
	var okB, breakC, okD any = "unset", "unset", "unset"
	h.start("b", func(ctx context.Context, tx zhifa.Tx) error { return auditRow(ctx, tx, "b") }, &okB)
	h.start("c", func(ctx context.Context, ztx zhifa.Tx) error {
		if err := auditRow(ctx, ztx, "c"); err != nil {
			return err
		}
		// As SQLite does on a full disk or an I/O error: the transaction is gone.
		if _, err := ztx.(*tx).exec(ctx, `ROLLBACK`); err != nil {
			return err
		}
		return boom
	}, &breakC)
	h.start("d", func(ctx context.Context, tx zhifa.Tx) error { return auditRow(ctx, tx, "d") }, &okD)
	h.finish()
	if okB != nil || okD != nil {
		t.Errorf("successful fns: Update returned %v and %v", okB, okD)
	}
	if err, _ := breakC.(error); !errors.Is(err, boom) {
		t.Errorf("breaking fn: Update returned %v, want its error", breakC)
	}
	if n := h.firstRuns.Load(); n != 2 {
		t.Errorf("the first fn ran %d times, want 2 (in the broken batch, then alone)", n)
	}
	got := h.objects()
	for obj, want := range map[string]int{"first": 1, "b": 1, "c": 0, "d": 1} {
		if got[obj] != want {
			t.Errorf("audit lines of %s: %d, want %d (all: %v)", obj, got[obj], want, got)
		}
	}
}

// TestGroupCommitCancel: a call whose context ends while it waits leaves the queue
// without running fn.
func TestGroupCommitCancel(t *testing.T) {
	h := newGCHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	var res any = "unset"
	ran := false
	done := h.startCtx(ctx, "b", func(ctx context.Context, tx zhifa.Tx) error {
		ran = true
		return auditRow(ctx, tx, "b")
	}, &res)
	cancel()
	select {
	case <-done: // before the first commits
	case <-time.After(5 * time.Second):
		t.Error("a cancelled call waits for the batch ahead of it")
	}
	h.finish()
	if err, _ := res.(error); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("cancelled call: %v, fn ran: %v", res, ran)
	}
	if got := h.objects(); got["b"] != 0 || got["first"] != 1 {
		t.Errorf("audit lines %v", got)
	}
}
