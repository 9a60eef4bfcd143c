package main

import (
	"strings"
	"testing"
	"time"
)

// TestReportGen checks zhifa gen's last line (issue 11): the cases a second over the
// whole run, the ledger's integration included, and each phase's time, the integration
// apart.
func TestReportGen(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	tests := []struct {
		name          string
		times         genTimes
		cases, copied int
		want          []string
	}{
		{"province with copies", genTimes{start: t0, setupDone: at(5), modelsDone: at(15), generated: at(20), integrated: at(25)}, 5000, 4400,
			[]string{"generated 5000 cases in 25s (200.0 cases/s, the ledger's integration included",
				"agencies, officers and accounts in 5s", "600 through the use cases in 10s", "4400 copies in 5s at 880/s",
				"ledger: 100000 entries integrated and signed in 5s (20000 entries/s)"}},
		{"one bureau, no copies", genTimes{start: t0, modelsDone: at(8), generated: at(8), integrated: at(10)}, 200, 0,
			[]string{"generated 200 cases in 10s (20.0 cases/s, the ledger's integration included)",
				"integrated and signed in 2s (50000 entries/s)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			reportGen(&b, tt.times, tt.cases, tt.copied, 100000)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("line %q lacks %q", b.String(), w)
				}
			}
			if strings.Count(b.String(), "\n") != 1 {
				t.Errorf("line %q: want one line", b.String())
			}
		})
	}
}
