package casefile_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"zhifa/casefile"
	"zhifa/ledger"
)

const origin = "zhifa.test/ledger"

// fixture is a small ledger with one case: its filing, one step, a record linking an
// evidence file and the file's entry; and the manifest a faithful export makes of it.
type fixture struct {
	log     *ledger.MemLog
	signer  *ledger.Signer
	content []byte
	m       casefile.Manifest
}

func idx(i int64) *int64 { return &i }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	skey, _, err := ledger.GenerateKeys(origin)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{log: ledger.NewMemLog(), content: []byte("%PDF-1.7 现场检查笔录")}
	if f.signer, err = ledger.NewSigner(skey, ""); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	add := func(e *ledger.Entry) int64 {
		e.Time, at = at, at.Add(time.Minute)
		i, err := f.log.AppendEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	add(&ledger.Entry{Kind: "user.create", Actor: "system/test"}) // another entry of the log
	d := ledger.DigestBytes(f.content)
	open := add(&ledger.Entry{Kind: "case.open", Case: "东市监罚〔2026〕1号", Actor: "user/3", Meta: map[string]string{
		"case": "7", "agency": "4", "kind": "penalty", "procedure": "ordinary", "item": "DG-1", "stage": "open"}})
	step := add(&ledger.Entry{Kind: "case.investigate", Case: "东市监罚〔2026〕1号", Actor: "user/3", Meta: map[string]string{
		"case": "7", "action": "investigate", "from": "open", "to": "investigate"}})
	ev := add(&ledger.Entry{Kind: casefile.EvidenceKind, Actor: "user/3", Meta: map[string]string{"kind": "document", "mime": "application/pdf", "title": "笔录"},
		Hashes: map[string]ledger.Digest{casefile.EvidenceHash: d}})
	// The record's entry is in format 2: its title enters as a salted commitment, and
	// the manifest carries the opening.
	salt := bytes.Repeat([]byte{0x5a}, ledger.SaltSize)
	rec := add(&ledger.Entry{Kind: "record.add", Case: "东市监罚〔2026〕1号", Actor: "user/3", V: ledger.EntryV2, Meta: map[string]string{
		"case": "7", "record": "11", "kind": "document", "act": "investigate", "evidence": "21"},
		Commits: map[string]ledger.Commitment{"title": ledger.Commit(salt, "现场检查笔录")}})
	name := casefile.FileName(21, hex.EncodeToString(d.SHA256[:]), ".pdf")
	f.m = casefile.Manifest{Format: casefile.Format, Origin: origin, ExportedAt: at, ExportedBy: "user/3", ExportedByLogin: "officer1",
		Case: casefile.Case{ID: 7, Number: "东市监罚〔2026〕1号", AgencyID: 4, Kind: "penalty", Procedure: "ordinary", ItemCode: "DG-1", LedgerIndex: idx(open)},
		Events: []casefile.Event{{ID: 1, Action: "open", To: "open", ActorID: 3, LedgerIndex: idx(open)},
			{ID: 2, Action: "investigate", From: "open", To: "investigate", ActorID: 3, LedgerIndex: idx(step)}},
		Records: []casefile.Record{{ID: 11, Kind: "document", Title: "现场检查笔录", Act: "investigate", EvidenceID: 21, File: name, CreatedBy: 3, LedgerIndex: idx(rec)}},
		Files: []casefile.File{{Name: name, EvidenceID: 21, Kind: "document", Title: "笔录", MIME: "application/pdf", Size: d.Size,
			SHA256: hex.EncodeToString(d.SHA256[:]), SM3: hex.EncodeToString(d.SM3[:]), LedgerIndex: ev}},
	}
	for _, i := range []int64{open, step, ev, rec} {
		e, _ := ledger.ParseEntry(f.log.Entry(i))
		me := casefile.Entry{Index: i, Kind: e.Kind, Data: string(f.log.Entry(i))}
		if i == rec {
			me.Openings = []casefile.Opening{{Field: "title", Salt: hex.EncodeToString(salt), Value: "现场检查笔录"}}
		}
		f.m.Entries = append(f.m.Entries, me)
	}
	return f
}

// archive seals m in the log, signs a checkpoint and writes the case file, as the
// export does; content is the evidence file as archived.
func (f *fixture) archive(t *testing.T, m casefile.Manifest, content []byte) []byte {
	t.Helper()
	files := map[string][]byte{}
	for _, file := range m.Files {
		files[file.Name] = content
	}
	return f.archiveFiles(t, m, files)
}

// archiveFiles is archive with each file's content by name.
func (f *fixture) archiveFiles(t *testing.T, m casefile.Manifest, files map[string][]byte) []byte {
	t.Helper()
	raw, err := casefile.MarshalJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	seal := &ledger.Entry{Kind: casefile.SealKind, Case: m.Case.Number, Actor: "user/3", Time: m.ExportedAt,
		Meta: map[string]string{"case": "7"}, Hashes: map[string]ledger.Digest{casefile.SealHash: ledger.DigestBytes(raw)}}
	sealIndex, err := f.log.AppendEntry(seal)
	if err != nil {
		t.Fatal(err)
	}
	note, err := f.signer.Sign(f.log.Checkpoint(origin))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := casefile.NewWriter(&buf, m.ExportedAt)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.Bytes(casefile.ManifestName, raw))
	for _, file := range m.Files {
		dst, err := w.File(file.Name)
		must(err)
		dst.Write(files[file.Name])
	}
	size := f.log.Size()
	for _, e := range append(m.Entries, casefile.Entry{Index: sealIndex}) {
		p, err := f.log.ProveInclusion(context.Background(), e.Index, size)
		must(err)
		must(w.JSON(casefile.ProofName(e.Index), p))
	}
	must(w.JSON(casefile.SealName, casefile.Seal{Index: sealIndex, Data: string(f.log.Entry(sealIndex))}))
	must(w.Bytes(casefile.CheckpointName, note))
	must(w.Bytes(casefile.KeyName, []byte(f.signer.VerifierKey()+"\n")))
	must(w.Close())
	return buf.Bytes()
}

func verify(b []byte, keys ...string) (*casefile.Report, error) {
	return casefile.Verify(bytes.NewReader(b), int64(len(b)), casefile.Options{Keys: keys})
}

// TestVerifyFaithful: a faithful case file verifies, pinned or not.
func TestVerifyFaithful(t *testing.T) {
	f := newFixture(t)
	b := f.archive(t, f.m, f.content)
	rep, err := verify(b, f.signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Pinned || rep.Files != 1 || rep.Entries != 4 || rep.Opened != 1 || rep.Bytes != int64(len(f.content)) {
		t.Fatalf("report %+v", rep)
	}
	if rep, err := verify(b); err != nil || rep.Pinned {
		t.Fatalf("unpinned: %v", err)
	}
}

// TestVerifyManifestAgainstEntries: a sealed manifest that misstates what its entries
// record — as a faulty or dishonest exporter holding the signing key could write — is
// refused, naming the fact and the entry (REQUIREMENTS D3).
func TestVerifyManifestAgainstEntries(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *casefile.Manifest)
		want   string
	}{
		{"record title", func(m *casefile.Manifest) { m.Records[0].Title = "询问笔录" }, `record 11 (询问笔录): title is "询问笔录" in the manifest but "现场检查笔录" in ledger entry 4`},
		{"record act", func(m *casefile.Manifest) { m.Records[0].Act = "seize" }, `act is "seize" in the manifest but "investigate"`},
		{"record evidence", func(m *casefile.Manifest) { m.Records[0].EvidenceID = 22 }, "its evidence 22 is not among the files"},
		{"record author", func(m *casefile.Manifest) { m.Records[0].CreatedBy = 9 }, `the actor is "user/9" in the manifest but "user/3"`},
		{"record without entry", func(m *casefile.Manifest) { m.Records[0].LedgerIndex = nil }, "record 11 (现场检查笔录) is not attested by any ledger entry"},
		{"record citing the step's entry", func(m *casefile.Manifest) { m.Records[0].LedgerIndex = idx(2) }, "which already attests event 2"},
		{"event action", func(m *casefile.Manifest) { m.Events[1].Action = "decide" }, `event 2 (decide): ledger entry 2 records "case.investigate"`},
		{"event stage", func(m *casefile.Manifest) { m.Events[1].To = "decide" }, `the stage to is "decide" in the manifest but "investigate"`},
		{"event entry not held", func(m *casefile.Manifest) { m.Events[1].LedgerIndex = idx(0) }, "cites ledger entry 0, which the case file does not hold"},
		{"case number", func(m *casefile.Manifest) { m.Case.Number = "东市监罚〔2026〕2号" }, `the case summary: ledger entry 1 is of case "东市监罚〔2026〕1号" (id 7), not of case "东市监罚〔2026〕2号"`},
		{"case kind", func(m *casefile.Manifest) { m.Case.Kind = "inspection" }, `the case summary: kind is "inspection" in the manifest but "penalty"`},
		{"file hash", func(m *casefile.Manifest) { m.Files[0].SHA256 = strings.Repeat("0", 64) }, "the SHA-256 is"},
		{"file size", func(m *casefile.Manifest) { m.Files[0].Size++ }, "the size is"},
		{"file type", func(m *casefile.Manifest) { m.Files[0].MIME = "image/jpeg" }, `mime is "image/jpeg" in the manifest but "application/pdf"`},
		{"entry bytes", func(m *casefile.Manifest) {
			m.Entries[1].Data = strings.Replace(m.Entries[1].Data, `"from":"open"`, `"from":"opem"`, 1)
		}, "proofs/2.json: entry 2 is not proven included"},
		{"entry not canonical", func(m *casefile.Manifest) { m.Entries[1].Data += " " }, "entry 2 is not a canonical ledger entry"},
		{"entry kind", func(m *casefile.Manifest) { m.Entries[1].Kind = "case.decide" }, `entry 2 is listed as "case.decide" but has kind "case.investigate"`},
		{"entries out of order", func(m *casefile.Manifest) { m.Entries[0], m.Entries[1] = m.Entries[1], m.Entries[0] }, "out of order"},
		{"format", func(m *casefile.Manifest) { m.Format = "zhifa-casefile/3" }, "format"},
		{"opened value", func(m *casefile.Manifest) { m.Entries[3] = withOpening(m.Entries[3], "title", "", "询问笔录") },
			`field "title": the stored value does not open the entry's commitment`},
		{"opening salt", func(m *casefile.Manifest) {
			m.Entries[3] = withOpening(m.Entries[3], "title", strings.Repeat("00", ledger.SaltSize), "")
		}, `field "title": the stored value does not open`},
		{"opening missing", func(m *casefile.Manifest) { m.Entries[3].Openings = nil }, `field "title": the entry commits to it but its value is missing`},
		{"opening of a field in clear", func(m *casefile.Manifest) {
			m.Entries[3].Openings = append(m.Entries[3].Openings, casefile.Opening{Field: "act", Salt: "00", Value: "investigate"})
		}, `field "act" has an opening but no commitment`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			m := f.m
			m.Records = append([]casefile.Record(nil), f.m.Records...)
			m.Events = append([]casefile.Event(nil), f.m.Events...)
			m.Files = append([]casefile.File(nil), f.m.Files...)
			m.Entries = append([]casefile.Entry(nil), f.m.Entries...)
			tt.change(&m)
			_, err := verify(f.archive(t, m, f.content), f.signer.VerifierKey())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// withOpening returns e with the opening of field given another salt (hex) or value;
// empty arguments keep the old ones.
func withOpening(e casefile.Entry, field, salt, value string) casefile.Entry {
	e.Openings = append([]casefile.Opening(nil), e.Openings...)
	for i := range e.Openings {
		if e.Openings[i].Field == field {
			if salt != "" {
				e.Openings[i].Salt = salt
			}
			if value != "" {
				e.Openings[i].Value = value
			}
		}
	}
	return e
}

// TestVerifyFileContent: an archived file that is not the recorded one is refused.
func TestVerifyFileContent(t *testing.T) {
	f := newFixture(t)
	_, err := verify(f.archive(t, f.m, []byte("%PDF-1.7 另一份笔录")), f.signer.VerifierKey())
	if err == nil || !strings.Contains(err.Error(), "the content differs from ledger entry 3") {
		t.Fatalf("error %v", err)
	}
}

// TestVerifyNotAnArchive: garbage is refused with a clear message.
func TestVerifyNotAnArchive(t *testing.T) {
	if _, err := verify([]byte("not a zip")); err == nil || !strings.Contains(err.Error(), "not a readable zip archive") {
		t.Fatalf("error %v", err)
	}
}

// TestVerifyIssuedDocument: an issued document is one entry that records both the file
// and, through it, the record; it verifies, and a record that cites an entry which is
// neither its own nor its file's is refused.
func TestVerifyIssuedDocument(t *testing.T) {
	f := newFixture(t)
	html := []byte("<html><body>行政处罚决定书</body></html>")
	d := ledger.DigestBytes(html)
	e := &ledger.Entry{Kind: "document.issue", Case: f.m.Case.Number, Actor: "user/3", Time: f.m.ExportedAt,
		Meta:   map[string]string{"case": "7", "document": "5", "type": "penalty_decision", "mime": "text/html"},
		Hashes: map[string]ledger.Digest{casefile.EvidenceHash: d}}
	i, err := f.log.AppendEntry(e)
	if err != nil {
		t.Fatal(err)
	}
	name := casefile.FileName(31, hex.EncodeToString(d.SHA256[:]), ".html")
	m := f.m
	m.Files = append([]casefile.File(nil), f.m.Files...)
	m.Files = append(m.Files, casefile.File{Name: name, EvidenceID: 31, Kind: "document", Title: "行政处罚决定书", MIME: "text/html",
		Size: d.Size, SHA256: hex.EncodeToString(d.SHA256[:]), SM3: hex.EncodeToString(d.SM3[:]), LedgerIndex: i})
	m.Records = append(append([]casefile.Record(nil), f.m.Records...),
		casefile.Record{ID: 12, Kind: "document", Title: "行政处罚决定书", Act: "decide", EvidenceID: 31, File: name, CreatedBy: 3, LedgerIndex: idx(i)})
	m.Entries = append(append([]casefile.Entry(nil), f.m.Entries...), casefile.Entry{Index: i, Kind: e.Kind, Data: string(f.log.Entry(i))})
	files := map[string][]byte{m.Files[0].Name: f.content, name: html}
	b := f.archiveFiles(t, m, files)
	if rep, err := verify(b, f.signer.VerifierKey()); err != nil || rep.Files != 2 {
		t.Fatalf("issued document: %v", err)
	}
	m.Records[1].LedgerIndex = idx(2) // the step's entry
	_, err = verify(f.archiveFiles(t, m, files), f.signer.VerifierKey())
	if err == nil || !strings.Contains(err.Error(), "record 12 (行政处罚决定书)") {
		t.Fatalf("error %v", err)
	}
}
