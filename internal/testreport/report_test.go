package main

import (
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		`{"Action":"start","Package":"p"}`,
		`{"Action":"run","Package":"p","Test":"TestOK"}`,
		`{"Action":"output","Package":"p","Test":"TestOK","Output":"quiet pass\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestOK"}`,
		`{"Action":"run","Package":"p","Test":"TestBad"}`,
		`{"Action":"run","Package":"p","Test":"TestBad/sub"}`,
		`{"Action":"output","Package":"p","Test":"TestBad/sub","Output":"    x_test.go:9: boom\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestBad/sub"}`,
		`{"Action":"output","Package":"p","Test":"TestBad","Output":"--- FAIL: TestBad\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestBad"}`,
		`{"Action":"run","Package":"p","Test":"TestSkip"}`,
		`{"Action":"output","Package":"p","Test":"TestSkip","Output":"no server\n"}`,
		`{"Action":"skip","Package":"p","Test":"TestSkip"}`,
		`{"Action":"run","Package":"p","Test":"TestHang"}`,
		`{"Action":"output","Package":"p","Test":"TestHang","Output":"panic: test timed out\n"}`,
		`{"Action":"output","Package":"p","Output":"FAIL\tp\t9.1s\n"}`,
		`{"Action":"fail","Package":"p"}`,
		`{"ImportPath":"q","Action":"build-output","Output":"q/x.go:1: syntax error\n"}`,
		`go: some message that is not JSON`,
	}, "\n")
	var out strings.Builder
	r := newReport(&out)
	if err := r.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	r.flushAll()
	out.WriteString(r.summary() + "\n")
	got := out.String()
	for _, want := range []string{"boom", "--- FAIL: TestBad", "panic: test timed out", "FAIL\tp\t9.1s",
		"syntax error", "go: some message", "\n1 passed, 2 failed, 1 skipped\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"quiet pass", "no server"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("output has %q, a passing or skipped test's output:\n%s", unwanted, got)
		}
	}
	if !strings.HasSuffix(got, "1 passed, 2 failed, 1 skipped\n") {
		t.Errorf("summary is not the last line:\n%s", got)
	}
}
