package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output and build-fail events
}

// testKey names one test of one package.
type testKey struct{ pkg, test string }

// report accumulates the counts and each running test's output.
type report struct {
	w                       io.Writer
	passed, failed, skipped int
	running                 map[testKey]*strings.Builder
}

func newReport(w io.Writer) *report {
	return &report{w: w, running: map[testKey]*strings.Builder{}}
}

// line handles one input line.
func (r *report) line(b []byte) {
	var e event
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &e) != nil {
		fmt.Fprintf(r.w, "%s\n", b)
		return
	}
	r.event(e)
}

func (r *report) event(e event) {
	switch {
	case e.Action == "build-output":
		io.WriteString(r.w, e.Output)
	case e.Test == "":
		r.packageEvent(e)
	default:
		r.testEvent(e)
	}
}

// packageEvent prints package-level output: the ok/FAIL/? lines, panics and
// timeouts outside a test. When a package ends, the output of its tests that
// never finished (the binary crashed or timed out) is printed too.
func (r *report) packageEvent(e event) {
	switch e.Action {
	case "output":
		if e.Output != "PASS\n" { // plain go test prints only the ok line
			io.WriteString(r.w, e.Output)
		}
	case "pass", "fail", "skip":
		r.flushUnfinished(e.Package)
	}
}

func (r *report) testEvent(e event) {
	k := testKey{e.Package, e.Test}
	switch e.Action {
	case "run":
		r.running[k] = &strings.Builder{}
	case "output":
		if buf := r.running[k]; buf != nil {
			buf.WriteString(e.Output)
		} else {
			io.WriteString(r.w, e.Output)
		}
	case "pass":
		r.passed++
		delete(r.running, k)
	case "skip":
		r.skipped++
		delete(r.running, k)
	case "fail":
		r.failed++
		if buf := r.running[k]; buf != nil {
			io.WriteString(r.w, buf.String())
		}
		delete(r.running, k)
	}
}

// flushUnfinished prints the output of pkg's tests that got no verdict, in
// name order (parents before their subtests).
func (r *report) flushUnfinished(pkg string) {
	var keys []testKey
	for k := range r.running {
		if k.pkg == pkg {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].test < keys[j].test })
	for _, k := range keys {
		io.WriteString(r.w, r.running[k].String())
		delete(r.running, k)
	}
}

// flushAll prints the output of every test still without a verdict.
func (r *report) flushAll() {
	pkgs := map[string]bool{}
	for k := range r.running {
		pkgs[k.pkg] = true
	}
	for pkg := range pkgs {
		r.flushUnfinished(pkg)
	}
}

// summary is the closing line: "N passed, N failed, N skipped".
func (r *report) summary() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", r.passed, r.failed, r.skipped)
}
