package ledger

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
)

func seq(entries [][]byte) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func TestAudit(t *testing.T) {
	const n = 1000
	m := memLog(t, n)
	// Checkpoints issued along the way, as a log would.
	var cps []Checkpoint
	for _, size := range []int64{0, 1, 100, 500, 500, 999, 1000} {
		cps = append(cps, memLog(t, int(size)).Checkpoint(testOrigin))
	}
	stored := func(a Algorithm) HashReader { return m.Reader(a) }
	// modified returns the log's entries with entry i replaced.
	modified := func(i int, e []byte) [][]byte {
		es := slices.Clone(m.Entries())
		es[i] = e
		return es
	}
	forged, _ := (&Entry{Kind: "record.add", Actor: "intruder", Time: testTime}).Canonical()
	corruptStored := func(a Algorithm, level int, node int64) HashReader {
		bad := slices.Clone(m.Stored(a))
		bad[StoredHashIndex(level, node)][5] ^= 0x80
		return HashReaderFunc(func(_ context.Context, idx []int64) ([]Hash, error) {
			out := make([]Hash, len(idx))
			for i, x := range idx {
				out[i] = bad[x]
			}
			return out, nil
		})
	}
	wrongSM3 := slices.Clone(cps)
	wrongSM3[3].SM3Root[0] ^= 1 // size 500
	evidenceErr := errors.New("blob photo.jpg: sha256 differs")

	tests := []struct {
		name      string
		entries   [][]byte
		opts      AuditOptions
		wantIndex int64
		wantWhat  string
		wantIn    string // substring of the error
	}{
		{name: "intact", entries: m.Entries(), opts: AuditOptions{Checkpoints: cps, StoredSHA256: stored(SHA256), StoredSM3: stored(SM3)}},
		{name: "intact, no options", entries: m.Entries()},
		{
			name:      "entry replaced, stored hashes pinpoint it",
			entries:   modified(734, forged),
			opts:      AuditOptions{Checkpoints: cps, StoredSHA256: stored(SHA256), StoredSM3: stored(SM3)},
			wantIndex: 734, wantWhat: WhatStoredHash, wantIn: "sha256 stored hash",
		},
		{
			name:      "entry replaced, only checkpoints: range after the last good one",
			entries:   modified(734, forged),
			opts:      AuditOptions{Checkpoints: cps},
			wantIndex: 500, wantWhat: WhatRoot, wantIn: "sha256 root at size 999",
		},
		{
			name:      "entry not canonical",
			entries:   modified(10, []byte(strings.Replace(string(m.Entry(10)), `"v":1`, `"v": 1`, 1))),
			opts:      AuditOptions{Checkpoints: cps},
			wantIndex: 10, wantWhat: WhatEntry, wantIn: "malformed entry",
		},
		{
			name:      "entries deleted at the end",
			entries:   m.Entries()[:990],
			opts:      AuditOptions{Checkpoints: cps, StoredSHA256: stored(SHA256), StoredSM3: stored(SM3)},
			wantIndex: 990, wantWhat: WhatMissing, wantIn: "covers 1000",
		},
		{
			name:      "entry deleted in the middle",
			entries:   slices.Delete(slices.Clone(m.Entries()), 200, 201),
			opts:      AuditOptions{Checkpoints: cps, StoredSHA256: stored(SHA256)},
			wantIndex: 200, wantWhat: WhatStoredHash,
		},
		{
			name:      "sm3 root of a checkpoint differs",
			entries:   m.Entries(),
			opts:      AuditOptions{Checkpoints: wrongSM3},
			wantIndex: 100, wantWhat: WhatRoot, wantIn: "sm3 root at size 500",
		},
		{
			name:      "stored sm3 leaf corrupted",
			entries:   m.Entries(),
			opts:      AuditOptions{StoredSHA256: stored(SHA256), StoredSM3: corruptStored(SM3, 0, 321)},
			wantIndex: 321, wantWhat: WhatStoredHash, wantIn: "sm3 stored hash",
		},
		{
			name:      "stored interior node corrupted",
			entries:   m.Entries(),
			opts:      AuditOptions{StoredSHA256: corruptStored(SHA256, 4, 3), StoredSM3: stored(SM3)},
			wantIndex: 63, wantWhat: WhatStoredHash, wantIn: "level 4, node 3",
		},
		{
			name:    "evidence no longer matches",
			entries: m.Entries(),
			opts: AuditOptions{Checkpoints: cps, CheckEntry: func(i int64, e *Entry) error {
				if i == 42 && e.Hashes["photo.jpg"] != (Digest{}) {
					return evidenceErr
				}
				return nil
			}},
			wantIndex: 42, wantWhat: WhatEvidence, wantIn: evidenceErr.Error(),
		},
		{
			name:      "empty log with a checkpoint",
			entries:   nil,
			opts:      AuditOptions{Checkpoints: cps[:2]},
			wantIndex: 0, wantWhat: WhatMissing,
		},
		{
			name:      "empty checkpoint with a wrong root",
			entries:   m.Entries(),
			opts:      AuditOptions{Checkpoints: []Checkpoint{{Size: 0}}},
			wantIndex: 0, wantWhat: WhatRoot, wantIn: "size 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head, err := Audit(context.Background(), seq(tt.entries), tt.opts)
			if tt.wantWhat == "" {
				if err != nil {
					t.Fatalf("Audit: %v", err)
				}
				if want := m.Checkpoint(""); head != want {
					t.Fatalf("Audit head = %+v, want %+v", head, want)
				}
				return
			}
			var d *Divergence
			if !errors.As(err, &d) {
				t.Fatalf("Audit error = %v, want a *Divergence", err)
			}
			if d.Index != tt.wantIndex || d.What != tt.wantWhat || !strings.Contains(err.Error(), tt.wantIn) {
				t.Fatalf("Audit = %v (index %d, what %q); want index %d, what %q, mentioning %q", err, d.Index, d.What, tt.wantIndex, tt.wantWhat, tt.wantIn)
			}
		})
	}
}

func TestAuditorSticky(t *testing.T) {
	a := NewAuditor(AuditOptions{})
	if err := a.Add(context.Background(), []byte("{}")); err == nil {
		t.Fatal("accepted a bad entry")
	}
	good := testEntries(t, 1)[0]
	if err := a.Add(context.Background(), good); err == nil {
		t.Fatal("Add after a divergence succeeded")
	}
	if _, err := a.Finish(context.Background()); err == nil {
		t.Fatal("Finish after a divergence succeeded")
	}
}

func TestAuditIteratorError(t *testing.T) {
	boom := errors.New("database gone")
	entries := func(yield func([]byte, error) bool) {
		for _, e := range testEntries(t, 3) {
			if !yield(e, nil) {
				return
			}
		}
		yield(nil, boom)
	}
	if _, err := Audit(context.Background(), entries, AuditOptions{}); !errors.Is(err, boom) {
		t.Fatalf("Audit error = %v, want %v", err, boom)
	}
	var d *Divergence
	if _, err := Audit(context.Background(), entries, AuditOptions{}); errors.As(err, &d) {
		t.Fatal("an iterator error is not a divergence")
	}
}

func ExampleAudit() {
	m := NewMemLog()
	for i := range 3 {
		e := &Entry{Kind: "case.open", Case: fmt.Sprint("C-", i), Actor: "officer1", Time: testTime}
		if _, err := m.AppendEntry(e); err != nil {
			panic(err)
		}
	}
	issued := m.Checkpoint(testOrigin)

	// Someone edits entry 1 in the database.
	entries := slices.Clone(m.Entries())
	entries[1] = []byte(strings.Replace(string(entries[1]), "officer1", "officer2", 1))

	_, err := Audit(context.Background(), seq(entries), AuditOptions{Checkpoints: []Checkpoint{issued}, StoredSHA256: m.Reader(SHA256)})
	fmt.Println(err.(*Divergence).Index, err.(*Divergence).What)
	// Output: 1 stored hash
}
