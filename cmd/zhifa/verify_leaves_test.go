package main

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"zhifa"
	"zhifa/ledger"
)

// TestPrepareLeavesOrder checks that leaves prepared on several goroutines come back in
// the entries' order, identical to preparing them one by one, bad entries included.
func TestPrepareLeavesOrder(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, n := range []int{0, 1, minShare - 1, minShare, 3*minShare + 7} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			list := make([]*zhifa.LedgerEntry, n)
			for i := range list {
				e := &ledger.Entry{Kind: "certificate.state", Actor: "user/" + strconv.Itoa(i), Time: at.Add(time.Duration(i) * time.Second)}
				data, err := e.Canonical()
				if err != nil {
					t.Fatal(err)
				}
				if i%97 == 5 {
					data = append(data, ' ') // not canonical
				}
				list[i] = &zhifa.LedgerEntry{Index: int64(i), Data: data}
			}
			got := prepareLeaves(list)
			if len(got) != n {
				t.Fatalf("%d leaves for %d entries", len(got), n)
			}
			for i, e := range list {
				if want := ledger.PrepareLeaf(e.Data); !reflect.DeepEqual(got[i], want) {
					t.Fatalf("leaf %d: got %+v, want %+v", i, got[i], want)
				}
			}
		})
	}
}
