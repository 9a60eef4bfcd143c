package casefile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"zhifa/casefile"
	"zhifa/ledger"
)

// Fuzz tests of the case-file verifier (REQUIREMENTS D3: a sealed case file is checked
// offline with `zhifa verify --casefile`). Whatever a case file holds — a garbled zip,
// or a well-signed archive around a garbled manifest — Verify answers with an error,
// never a panic. The seed corpora run in every `go test`; run one for longer with
//
//	go test -run '^$' -fuzz FuzzVerifyManifest -fuzztime 30s ./casefile

// FuzzVerifyArchive feeds arbitrary bytes, starting from a faithful case file, as the
// archive.
func FuzzVerifyArchive(f *testing.F) {
	fx := newFixture(&testing.T{})
	good := fx.archive(&testing.T{}, fx.m, fx.content)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add([]byte("not a zip"))
	f.Add([]byte{})
	key := fx.signer.VerifierKey()
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := verify(b, key)
		if err == nil && (rep.Manifest == nil || rep.Seal == nil) {
			t.Fatalf("verified without a manifest or seal: %+v", rep)
		}
	})
}

// FuzzVerifyManifest seals arbitrary bytes as manifest.json in a correctly signed
// archive, with the proofs and files the bytes name where they parse, so that the
// fuzzer reaches the checks behind the signature: entries, events, records, files.
func FuzzVerifyManifest(f *testing.F) {
	fx := newFixture(&testing.T{})
	good, err := casefile.MarshalJSON(fx.m)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	for _, s := range []string{`{}`, `null`, `[]`, `{"format":"zhifa-casefile/1"}`, `{"entries":[{"index":-1}]}`,
		`{"files":[{"name":"files/../../etc/passwd"}]}`, `{"records":[{"ledger_index":99999999999}]}`} {
		f.Add([]byte(s))
	}
	// Variants of the faithful manifest: a negative index, a huge one, a file listed twice.
	for _, change := range []func(m *casefile.Manifest){
		func(m *casefile.Manifest) { m.Entries[0].Index = -1 },
		func(m *casefile.Manifest) { m.Events[0].LedgerIndex = idx(1 << 62) },
		func(m *casefile.Manifest) { m.Files = append(m.Files, m.Files[0]) },
		func(m *casefile.Manifest) { m.Records[0].File = "files/0-0" },
		func(m *casefile.Manifest) { m.Case.LedgerIndex = nil; m.Events = nil },
	} {
		m := fx.m
		m.Entries = append([]casefile.Entry(nil), fx.m.Entries...)
		m.Events = append([]casefile.Event(nil), fx.m.Events...)
		m.Records = append([]casefile.Record(nil), fx.m.Records...)
		m.Files = append([]casefile.File(nil), fx.m.Files...)
		change(&m)
		b, err := casefile.MarshalJSON(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fx := newFixture(t)
		b := fx.archiveRaw(t, raw)
		rep, err := verify(b, fx.signer.VerifierKey())
		if err != nil {
			return
		}
		if rep.Manifest == nil || rep.Seal == nil || rep.Files != len(rep.Manifest.Files) || rep.Entries != len(rep.Manifest.Entries) {
			t.Fatalf("verified, but the report is incomplete: %+v", rep)
		}
	})
}

// archiveRaw is archiveFiles with the manifest's bytes as given: the seal records their
// digest; the proofs of the entries and the files (the fixture's evidence content) are
// added for what the bytes name, as far as they parse.
func (f *fixture) archiveRaw(t *testing.T, raw []byte) []byte {
	t.Helper()
	var m casefile.Manifest
	_ = json.Unmarshal(raw, &m) // lenient: take what parses
	seal := &ledger.Entry{Kind: casefile.SealKind, Case: m.Case.Number, Actor: "user/3", Time: f.m.ExportedAt,
		Meta: map[string]string{"case": strconv.FormatInt(m.Case.ID, 10)}, Hashes: map[string]ledger.Digest{casefile.SealHash: ledger.DigestBytes(raw)}}
	sealIndex, err := f.log.AppendEntry(seal)
	if err != nil {
		t.Fatal(err)
	}
	note, err := f.signer.Sign(f.log.Checkpoint(origin))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := casefile.NewWriter(&buf, f.m.ExportedAt)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.Bytes(casefile.ManifestName, raw))
	seen := map[string]bool{casefile.ManifestName: true, casefile.SealName: true, casefile.CheckpointName: true, casefile.KeyName: true}
	size := f.log.Size()
	for _, e := range append(m.Entries, casefile.Entry{Index: sealIndex}) {
		name := casefile.ProofName(e.Index)
		if seen[name] || e.Index < 0 || e.Index >= size {
			continue
		}
		seen[name] = true
		p, err := f.log.ProveInclusion(context.Background(), e.Index, size)
		must(err)
		must(w.JSON(name, p))
	}
	for _, file := range m.Files {
		if seen[file.Name] || file.Name == "" || len(file.Name) > 200 {
			continue
		}
		seen[file.Name] = true
		if dst, err := w.File(file.Name); err == nil {
			dst.Write(f.content)
		} else {
			must(w.Bytes(file.Name, f.content)) // a name the writer refuses: does the verifier?
		}
	}
	must(w.JSON(casefile.SealName, casefile.Seal{Index: sealIndex, Data: string(f.log.Entry(sealIndex))}))
	must(w.Bytes(casefile.CheckpointName, note))
	must(w.Bytes(casefile.KeyName, []byte(f.signer.VerifierKey()+"\n")))
	must(w.Close())
	return buf.Bytes()
}
