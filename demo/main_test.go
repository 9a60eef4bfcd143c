package demo_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// Seeding the demo city takes 10–20 s. The tests that read the standard seed
// (at `now`, without evidence storage) share one: it is made once per test
// binary, the first time a test asks for it, and each test gets its own copy
// of the database file (issue 16). Tests that seed on other days or with
// other options still seed their own.

// template is the seeded database that tests copy.
var template struct {
	once sync.Once
	dir  string // removed by TestMain
	path string
	key  []byte
	took time.Duration
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zhifa-demo-template-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	template.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// seedTemplate seeds the shared database once and closes it, so that its
// file holds everything (the WAL checkpointed).
func seedTemplate() {
	template.key = make([]byte, 32)
	rand.Read(template.key)
	template.path = filepath.Join(template.dir, "zhifa.db")
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, template.path, sqlstore.Options{PIIKey: template.key})
	if err != nil {
		template.err = err
		return
	}
	a := app.New(st, app.Options{Now: func() time.Time { return now }})
	start := time.Now()
	if err := demo.Seed(ctx, a); err != nil {
		st.Close()
		template.err = fmt.Errorf("seed: %w", err)
		return
	}
	template.took = time.Since(start)
	template.err = st.Close()
}

// seededCopy returns an app on a private copy of the shared seed.
func seededCopy(t *testing.T) (*app.App, time.Duration) {
	t.Helper()
	template.once.Do(seedTemplate)
	if template.err != nil {
		t.Fatalf("seeding the shared demo database: %v", template.err)
	}
	path := filepath.Join(t.TempDir(), "zhifa.db")
	if err := copyFile(path, template.path); err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.Open(context.Background(), path, sqlstore.Options{PIIKey: template.key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return app.New(st, app.Options{Now: func() time.Time { return now }}), template.took
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// seedSmallCity seeds a demo city of n planned cases (besides the seeder's own) at at,
// with evidence storage, into a private store: for the tests about one part of the demo,
// whose planned cases are not what they look at.
func seedSmallCity(t *testing.T, n int, at time.Time) *app.App {
	t.Helper()
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	bg := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(bg, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(bg, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	defer demo.SetDemoCases(n)()
	a := app.New(st, app.Options{Now: func() time.Time { return at }, Blobs: blobs})
	if err := demo.Seed(bg, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return a
}
