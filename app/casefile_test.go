package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/blob"
	"zhifa/casefile"
	"zhifa/ledger"
)

// caseFileWorld is the case world with evidence storage and a ledger signer, and a
// penalty case with a photo and a video record.
type caseFileWorld struct {
	*caseWorld
	a      *app.App
	signer *ledger.Signer
	blobs  *blob.Dir
	c      *app.CaseView
	photo  []byte
}

func newCaseFileWorld(t *testing.T) *caseFileWorld {
	t.Helper()
	w := &caseFileWorld{caseWorld: newCaseWorld(t), signer: newSigner(t, true)}
	var err error
	if w.blobs, err = blob.OpenDir(context.Background(), t.TempDir()); err != nil {
		t.Fatal(err)
	}
	w.a = app.New(w.store, app.Options{Now: w.clock.Now, Blobs: w.blobs, LedgerSigner: w.signer})
	w.app = w.a // the case world's helpers (issueDoc) use it too
	officer := w.as(t, "officer1")
	if w.c, err = w.a.FileCase(officer, w.input(zhifa.CasePenalty)); err != nil {
		t.Fatal(err)
	}
	if w.c, err = w.a.Act(officer, w.c.ID, "investigate", app.ActionInput{Version: w.c.Version}); err != nil {
		t.Fatal(err)
	}
	w.photo = jpeg(40_000)
	w.addFile(t, zhifa.EvidencePhoto, zhifa.RecordPhoto, "investigate", "仓库现场照片", w.photo)
	w.addFile(t, zhifa.EvidenceVideo, zhifa.RecordAV, "investigate", "现场检查录像", mp4(120_000))
	if _, err := w.a.AddRecord(officer, w.c.ID, app.RecordInput{Kind: zhifa.RecordDocument, Title: "现场检查笔录", Act: "investigate"}); err != nil {
		t.Fatal(err)
	}
	// An issued document: its record and its frozen file rest on one entry.
	w.issueDoc(t, "officer1", w.c.ID, zhifa.DocInspectionRecord)
	return w
}

func (w *caseFileWorld) evidenceInput(kind zhifa.EvidenceKind, title string) evidence.EvidenceInput {
	return evidence.EvidenceInput{Kind: kind, Title: title, CapturedAt: w.clock.Now().Add(-time.Hour), DeviceID: "DSJ-A8-000123",
		OfficerIDs: w.certified[:1], Place: "东港市海滨路88号仓库", CaseRef: w.c.Number}
}

func (w *caseFileWorld) addFile(t *testing.T, ek zhifa.EvidenceKind, rk zhifa.RecordKind, act, title string, content []byte) *zhifa.Record {
	t.Helper()
	officer := w.as(t, "officer1")
	ev, err := w.a.Evidence().UploadEvidence(officer, w.evidenceInput(ek, title), bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.a.AddRecord(officer, w.c.ID, app.RecordInput{Kind: rk, Title: title, Act: act, EvidenceID: ev.ID})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// export exports the case file as login and returns the archive.
func (w *caseFileWorld) export(t *testing.T, login, reason string) []byte {
	t.Helper()
	ctx := w.as(t, login)
	x, err := w.a.Evidence().ExportCaseFile(ctx, w.c.ID, reason)
	if err != nil {
		t.Fatalf("export as %s: %v", login, err)
	}
	var buf bytes.Buffer
	if err := x.Write(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func verify(b []byte, keys ...string) (*casefile.Report, error) {
	return casefile.Verify(bytes.NewReader(b), int64(len(b)), casefile.Options{Keys: keys})
}

// TestCaseFileExport: a case file holds every event, record and evidence file of the
// case with the proofs of their entries, and verifies offline (REQUIREMENTS D3).
func TestCaseFileExport(t *testing.T) {
	w := newCaseFileWorld(t)
	b := w.export(t, "officer1", "")
	keys := []string{w.signer.VerifierKey(), w.signer.SM2VerifierKey()}
	rep, err := verify(b, keys...)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	m := rep.Manifest
	if !rep.Pinned || rep.Files != 3 || m.Case.Number != w.c.Number || len(m.Events) != 2 || len(m.Records) != 4 {
		t.Fatalf("report: pinned %v, %d files, case %q, %d events, %d records", rep.Pinned, rep.Files, m.Case.Number, len(m.Events), len(m.Records))
	}
	// case.open, case.investigate, 3 record.add, 2 evidence.add, the document's create,
	// save and issue
	if rep.Entries != 10 || rep.Seal.Kind != casefile.SealKind {
		t.Fatalf("%d entries, seal %q", rep.Entries, rep.Seal.Kind)
	}
	for _, r := range m.Records {
		if r.LedgerIndex == nil {
			t.Fatalf("record %d has no ledger index", r.ID)
		}
	}
	// The manifest masks the party's 身份证号 (issued documents state it, as they must).
	if m.Case.Parties[0].IDMasked == "" || strings.Contains(string(member(t, b, casefile.ManifestName)), "370202199001011237") {
		t.Fatal("the manifest holds the party's unmasked ID number")
	}
	// Unpinned: the key inside the file is used, and said so.
	if rep, err := verify(b); err != nil || rep.Pinned {
		t.Fatalf("unpinned: %v, pinned %v", err, rep != nil && rep.Pinned)
	}
	// A second export seals again; the first still verifies.
	w.clock.Advance(time.Minute)
	if _, err := verify(w.export(t, "head1", ""), keys...); err != nil {
		t.Fatal(err)
	}
	if _, err := verify(b, keys...); err != nil {
		t.Fatal(err)
	}
}

// TestCaseFileAccess: only who may read the case exports it; every export is logged
// as a read of each evidence file, with the reason supervisors must give (D4).
func TestCaseFileAccess(t *testing.T) {
	w := newCaseFileWorld(t)
	_, err := w.a.Evidence().ExportCaseFile(w.as(t, "supervisor1"), w.c.ID, "")
	wantCode(t, err, zhifa.EINVALID)
	_, err = w.a.Evidence().ExportCaseFile(w.as(t, "outsider"), w.c.ID, "抽查")
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.a.Evidence().ExportCaseFile(context.Background(), w.c.ID, "")
	wantCode(t, err, zhifa.EUNAUTHORIZED)
	before := w.ledgerSize(t)
	w.export(t, "supervisor1", "2026年度案卷评查")
	if got := w.ledgerSize(t); got != before+1 {
		t.Fatalf("the export appended %d entries, want 1 (the seal)", got-before)
	}
	v, err := w.a.Case(w.as(t, "officer1"), w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Records {
		if r.EvidenceID == 0 {
			continue
		}
		list, err := w.a.Evidence().EvidenceAccess(w.as(t, "head1"), r.EvidenceID, zhifa.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 1 || list.Entries[0].Login != "supervisor1" || !strings.Contains(list.Entries[0].Reason, "2026年度案卷评查") {
			t.Fatalf("access log of evidence %d: %+v", r.EvidenceID, list.Entries)
		}
	}
}

// rewrite returns the archive with each member passed through f, which returns the
// new content, or nil to drop the member.
func rewrite(t *testing.T, b []byte, f func(name string, data []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, m := range zr.File {
		rc, err := m.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if data = f(m.Name, data); data == nil {
			continue
		}
		dst, err := zw.Create(m.Name)
		if err != nil {
			t.Fatal(err)
		}
		dst.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// member returns the content of a member.
func member(t *testing.T, b []byte, name string) []byte {
	var got []byte
	rewrite(t, b, func(n string, data []byte) []byte {
		if n == name {
			got = data
		}
		return data
	})
	return got
}

// flip changes one byte of data at i (from the end when negative).
func flip(data []byte, i int) []byte {
	data = bytes.Clone(data)
	if i < 0 {
		i += len(data)
	}
	data[i] ^= 0x01
	return data
}

// TestCaseFileTamper: every change to a case file is found, and the message names the
// member and what differs (REQUIREMENTS D3: 防删改).
func TestCaseFileTamper(t *testing.T) {
	w := newCaseFileWorld(t)
	b := w.export(t, "officer1", "")
	keys := []string{w.signer.VerifierKey()}
	rep, err := verify(b, keys...)
	if err != nil {
		t.Fatal(err)
	}
	photo := ""
	for _, f := range rep.Manifest.Files {
		if f.Kind == string(zhifa.EvidencePhoto) {
			photo = f.Name
		}
	}
	// Another ledger's checkpoint, signed by its own key.
	other := newSigner(t, false)
	otherNote, err := other.Sign(ledger.Checkpoint{Origin: testOrigin, Size: rep.Checkpoint.Size, Root: rep.Checkpoint.Root, SM3Root: rep.Checkpoint.SM3Root})
	if err != nil {
		t.Fatal(err)
	}
	// A later, genuine checkpoint of the same ledger.
	w.clock.Advance(time.Minute)
	later := member(t, w.export(t, "officer1", ""), casefile.CheckpointName)
	sealProof := casefile.ProofName(rep.SealIndex)
	firstEntry := casefile.ProofName(rep.Manifest.Entries[0].Index)

	edit := func(target string, f func([]byte) []byte) func(string, []byte) []byte {
		return func(name string, data []byte) []byte {
			if name == target {
				return f(data)
			}
			return data
		}
	}
	tests := []struct {
		name   string
		change func(string, []byte) []byte
		keys   []string
		want   string // in the error message
	}{
		{"a byte of an evidence file", edit(photo, func(d []byte) []byte { return flip(d, 100) }), keys, photo + ": the content differs from ledger entry"},
		{"an evidence file dropped", edit(photo, func([]byte) []byte { return nil }), keys, photo + ": missing from the archive"},
		{"a byte of the manifest", edit(casefile.ManifestName, func(d []byte) []byte {
			return bytes.Replace(d, []byte("现场检查笔录"), []byte("现场检查笔彔"), 1)
		}), keys, "manifest.json: differs from the manifest sealed in ledger entry"},
		{"a byte of an entry in the manifest", edit(casefile.ManifestName, func(d []byte) []byte {
			return bytes.Replace(d, []byte(`\"kind\":\"case.open\"`), []byte(`\"kind\":\"case.opem\"`), 1)
		}), keys, "manifest.json: differs from the manifest sealed"},
		{"a byte of the seal entry", edit(casefile.SealName, func(d []byte) []byte {
			files := `\"files\":\"` + rep.Seal.Meta["files"] + `\"`
			return bytes.Replace(d, []byte(files), []byte(`\"files\":\"9\"`), 1)
		}), keys, sealProof + ": entry"},
		{"a hash of a proof", edit(firstEntry, func(d []byte) []byte {
			var p ledger.InclusionProof
			if err := json.Unmarshal(d, &p); err != nil || len(p.SM3) == 0 {
				t.Fatalf("proof %s: %v", d, err)
			}
			p.SM3[0][0] ^= 1
			out, _ := json.Marshal(p)
			return out
		}), keys, firstEntry + ": entry " + strconv.FormatInt(rep.Manifest.Entries[0].Index, 10) + " is not proven included in the checkpoint"},
		{"a proof dropped", edit(firstEntry, func([]byte) []byte { return nil }), keys, firstEntry + ": missing from the archive"},
		{"the checkpoint swapped for a later one", edit(casefile.CheckpointName, func([]byte) []byte { return later }), keys, sealProof + ": entry"},
		{"the checkpoint swapped for another key's", edit(casefile.CheckpointName, func([]byte) []byte { return otherNote }), keys, "checkpoint.txt: the signature does not verify with the pinned key"},
		{"checkpoint and key swapped, key pinned", func(name string, d []byte) []byte {
			switch name {
			case casefile.CheckpointName:
				return otherNote
			case casefile.KeyName:
				return []byte(other.VerifierKey() + "\n")
			}
			return d
		}, keys, "checkpoint.txt: the signature does not verify with the pinned key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := rewrite(t, b, tt.change)
			_, err := verify(bad, tt.keys...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("a raw byte of the archive", func(t *testing.T) {
		i := bytes.Index(b, w.photo[1000:1032])
		if i < 0 {
			t.Fatal("the photo is not stored uncompressed")
		}
		_, err := verify(flip(b, i), keys...)
		if err == nil || !strings.Contains(err.Error(), photo+": damaged") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("an extra member", func(t *testing.T) {
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		for _, m := range zr.File {
			if err := zw.Copy(m); err != nil {
				t.Fatal(err)
			}
		}
		f, _ := zw.Create("files/99-deadbeef.jpg")
		f.Write([]byte("x"))
		zw.Close()
		_, err := verify(out.Bytes(), keys...)
		if err == nil || !strings.Contains(err.Error(), "files/99-deadbeef.jpg: is not part of the case file") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("the wrong pinned key", func(t *testing.T) {
		_, err := verify(b, other.VerifierKey())
		if err == nil || !strings.Contains(err.Error(), "checkpoint.txt: the signature does not verify with the pinned key") {
			t.Fatalf("error %v", err)
		}
	})
}

// genReader yields size bytes: head, then pseudo-random bytes (xorshift64*).
type genReader struct {
	left  int64
	state uint64
	head  []byte
}

func (g *genReader) Read(p []byte) (int, error) {
	if g.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n := copy(p, g.head)
	g.head = g.head[n:]
	for ; n < len(p); n++ {
		g.state ^= g.state >> 12
		g.state ^= g.state << 25
		g.state ^= g.state >> 27
		p[n] = byte(g.state * 0x2545F4914F6CDD1D >> 56)
	}
	g.left -= int64(len(p))
	return len(p), nil
}

// peakWriter discards what it is given and samples the heap every 8 MiB.
type peakWriter struct {
	n, next int64
	peak    uint64
}

func (w *peakWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	if w.n >= w.next {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapInuse)
		w.next = w.n + 8<<20
	}
	return len(p), nil
}

// TestCaseFileStreams: the export streams evidence files from storage: exporting a
// case with a 96 MiB video grows the heap by far less than the video.
func TestCaseFileStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 96 MiB")
	}
	w := newCaseFileWorld(t)
	const size = 96 << 20
	officer := w.as(t, "officer1")
	video := &genReader{left: size, state: 0x9E3779B97F4A7C15, head: mp4(64)}
	ev, err := w.a.Evidence().UploadEvidence(officer, w.evidenceInput(zhifa.EvidenceVideo, "查封现场全程录像"), video)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.AddRecord(officer, w.c.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "查封现场全程录像", Act: "seize", EvidenceID: ev.ID}); err != nil {
		t.Fatal(err)
	}
	x, err := w.a.Evidence().ExportCaseFile(officer, w.c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	pw := &peakWriter{}
	if err := x.Write(officer, pw); err != nil {
		t.Fatal(err)
	}
	if pw.n < size {
		t.Fatalf("wrote %d bytes", pw.n)
	}
	grew := int64(pw.peak) - int64(ms.HeapInuse)
	t.Logf("heap in use grew by %.1f MiB at most while %d MiB were written", float64(grew)/(1<<20), pw.n>>20)
	if grew > 24<<20 {
		t.Errorf("the heap grew by %d MiB while a %d MiB video was exported", grew>>20, size>>20)
	}
}

// TestCaseFileUnlinkedEntries: a case filed before ledger entries were linked to their
// case (migration 00011) is exported from the entries that name its number.
func TestCaseFileUnlinkedEntries(t *testing.T) {
	w := newCaseFileWorld(t)
	ctx := context.Background()
	var c *zhifa.Case
	err := w.store.Update(ctx, func(tx zhifa.Tx) error {
		item, err := tx.ItemByCode(ctx, w.items[zhifa.CasePenalty])
		if err != nil {
			return err
		}
		seq, err := tx.NextCaseSeq(ctx, w.market.ID, 2026, zhifa.CasePenalty)
		if err != nil {
			return err
		}
		c = &zhifa.Case{AgencyID: w.market.ID, Number: "东市监罚〔2026〕" + strconv.FormatInt(seq, 10) + "号", Year: 2026, Seq: seq,
			Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: item.ID, OfficerIDs: w.certified, Stage: zhifa.StageOpen,
			Outcome: zhifa.OutcomeNone, OccurredOn: zhifa.MustDate("2026-02-20"), DiscoveredOn: zhifa.MustDate("2026-03-02"),
			Parties: []zhifa.Party{{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y43"}}}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		user := w.users["officer1"].ID
		if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, At: w.clock.Now(), To: zhifa.StageOpen, Action: "open", ActorID: user, Actor: "officer1"}); err != nil {
			return err
		}
		e := &ledger.Entry{Kind: "case.open", Case: c.Number, Actor: "user/" + strconv.FormatInt(user, 10), Time: w.clock.Now().UTC(),
			Meta: map[string]string{"case": strconv.FormatInt(c.ID, 10), "agency": strconv.FormatInt(w.market.ID, 10), "kind": "penalty",
				"procedure": "ordinary", "item": item.Code, "stage": "open"}}
		data, err := e.Canonical()
		if err != nil {
			return err
		}
		_, err = tx.AppendLedgerEntry(ctx, data, e.Time)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	x, err := w.a.Evidence().ExportCaseFile(w.as(t, "officer1"), c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.Write(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	rep, err := verify(buf.Bytes(), w.signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Manifest.Case.LedgerIndex == nil || rep.Entries != 1 || rep.Manifest.Case.Number != c.Number {
		t.Fatalf("unlinked case: %d entries, case entry %v", rep.Entries, rep.Manifest.Case.LedgerIndex)
	}
}
