// Package testenv gives tests the external services that `make test`
// provides: a throwaway PostgreSQL server (ZHIFA_TEST_PG) and a headless
// Chromium (ZHIFA_CHROMIUM). See scripts/test.sh and scripts/pgtest.sh.
//
// When a service is not available, a test that asks for it is skipped on a
// developer's machine, but fails when the environment variable CI is "true":
// in CI a missing component must fail the run, never silently skip tests.
package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Environment variables read by this package; `make test` sets both.
const (
	// PostgresEnv holds the URL of a PostgreSQL superuser on a throwaway
	// server, e.g. postgres://zhifa@127.0.0.1:54329/postgres?sslmode=disable.
	PostgresEnv = "ZHIFA_TEST_PG"
	// ChromiumEnv holds the path of the Chromium executable.
	ChromiumEnv = "ZHIFA_CHROMIUM"
)

// DefaultChromium is used when ChromiumEnv is unset (Debian's package path).
const DefaultChromium = "/usr/bin/chromium"

// missing skips the test, or fails it when CI=true.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("testenv: %s; CI=true, so this is an error, not a skip (run the tests with `make test`, which provides it)", msg)
	}
	t.Skipf("testenv: %s; skipping (run `make test` to provide it)", msg)
}

// PostgresURL returns the admin (superuser) URL of the test PostgreSQL
// server from ZHIFA_TEST_PG. If it is unset the test is skipped, or fails
// when CI=true. Tests must not use the "postgres" database itself for data:
// create a database of their own (see DatabaseName, PostgresDatabaseURL).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		missing(t, "%s is not set, so there is no PostgreSQL server", PostgresEnv)
	}
	return u
}

// validDBName matches names that need no quoting in SQL.
var validDBName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// PostgresDatabaseURL returns the URL of database name on the test server:
// PostgresURL with its path replaced by name. It does not create the
// database; the caller does (CREATE DATABASE name, on a connection to
// PostgresURL). name must be a plain lower-case identifier
// ([a-z_][a-z0-9_]*, at most 63 bytes), so it can be used in SQL unquoted.
func PostgresDatabaseURL(t testing.TB, name string) string {
	t.Helper()
	if !validDBName.MatchString(name) {
		t.Fatalf("testenv: invalid database name %q: want [a-z_][a-z0-9_]*, at most 63 bytes", name)
	}
	admin := PostgresURL(t)
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testenv: bad %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// DatabaseName returns a new database name, unique to this call, derived
// from the test's name, e.g. "zt_teststore_create_3f9a0c1b22de". It is valid
// for PostgresDatabaseURL.
func DatabaseName(t testing.TB) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	var sb strings.Builder
	for _, r := range strings.ToLower(t.Name()) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			sb.WriteRune(r)
		} else if s := sb.String(); s != "" && !strings.HasSuffix(s, "_") {
			sb.WriteByte('_')
		}
	}
	base := strings.Trim(sb.String(), "_")
	if len(base) > 40 {
		base = strings.TrimRight(base[:40], "_")
	}
	if base == "" {
		return "zt_" + hex.EncodeToString(b[:])
	}
	return "zt_" + base + "_" + hex.EncodeToString(b[:])
}

// Chromium returns the path of the Chromium executable: ZHIFA_CHROMIUM if
// set, else DefaultChromium if it exists. If there is none the test is
// skipped, or fails when CI=true. Start it with ChromiumFlags.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(ChromiumEnv); p != "" {
		if !isExecutable(p) {
			t.Fatalf("testenv: %s=%s is not an executable file", ChromiumEnv, p)
		}
		return p
	}
	if isExecutable(DefaultChromium) {
		return DefaultChromium
	}
	missing(t, "%s is not set and %s does not exist, so there is no Chromium", ChromiumEnv, DefaultChromium)
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// ChromiumFlags returns the command-line flags to start Chromium with in
// tests: headless, no sandbox (the tests may run as root), no GPU, and no
// attempts to reach the network on its own (the test machines have none).
// For chromedp, pass each as chromedp.Flag(name without "--", true).
func ChromiumFlags() []string {
	return []string{
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-dev-shm-usage",
		"--disable-quic",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
	}
}

// S3 returns the URL of a bucket on the throwaway S3 server (s3testd)
// from ZHIFA_TEST_S3, in the form http://ACCESS:SECRET@127.0.0.1:PORT/BUCKET
// (see blob.ParseS3URL; scripts/s3test.sh starts the server and sets it).
// If it is unset the test is skipped, or fails when CI=true. Tests must
// keep their objects under a key prefix of their own.
func S3(t testing.TB) string {
	t.Helper()
	const env = "ZHIFA_TEST_S3"
	u := os.Getenv(env)
	if u == "" {
		missing(t, "%s is not set, so there is no S3 server", env)
	}
	return u
}

// BenchCache is the directory where benchmarks keep the stores they fill between runs:
// ZHIFA_BENCH_CACHE, by default zhifa-bench in the user cache directory.
func BenchCache() string {
	if root := os.Getenv("ZHIFA_BENCH_CACHE"); root != "" {
		return root
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "zhifa-bench")
}
