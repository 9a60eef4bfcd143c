// Command testreport reads `go test -json` on standard input and writes what
// a person needs to see: each package's ok/FAIL line, build errors, the
// whole output of every failed test, and at the end one summary line
//
//	N passed, N failed, N skipped
//
// counting tests and subtests. Passing tests' output is dropped, as plain
// `go test` drops it. scripts/test.sh pipes every go test run of `make test`
// into one testreport, and exits with go test's status, not this one's: a
// failure this program cannot see (a crashed test binary, say) still fails
// the run. testreport itself exits 1 only if it cannot read its input or
// write the summary.
//
// With -summary FILE the summary line goes to FILE instead, for the caller
// to print as the very last line, after the services it started have
// stopped and said so.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	summary := flag.String("summary", "", "write the summary line to this file instead of standard output")
	flag.Parse()
	r := newReport(os.Stdout)
	if err := r.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(1)
	}
	r.flushAll()
	line := r.summary() + "\n"
	if *summary == "" {
		io.WriteString(os.Stdout, line)
		return
	}
	if err := os.WriteFile(*summary, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(1)
	}
}

// read feeds every JSON line of in to the report; a line that is not JSON
// (go test may print such lines, e.g. when the go command itself fails) is
// passed through as it is.
func (r *report) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		r.line(sc.Bytes())
	}
	return sc.Err()
}
