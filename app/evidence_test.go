package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/blob"
	"zhifa/internal/testenv"
	"zhifa/ledger"
)

// evidenceWorld is the world with blob storage and an App that uses it, an officer of
// the market bureau, one of its sub-unit and one of the county.
type evidenceWorld struct {
	*world
	ev                        *app.App
	blobs                     *blob.Dir
	oMarket, oBranch, oCounty *zhifa.Officer
}

func newEvidenceWorld(t *testing.T, opts app.Options) *evidenceWorld {
	t.Helper()
	w := &evidenceWorld{world: newWorld(t)}
	var err error
	if w.blobs, err = blob.OpenDir(context.Background(), t.TempDir()); err != nil {
		t.Fatal(err)
	}
	opts.Now, opts.Blobs = w.clock.Now, w.blobs
	w.ev = app.New(w.store, opts)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	mk := func(ag *zhifa.Agency, n int) *zhifa.Officer {
		v, err := w.app.Personnel().CreateOfficer(sys, officerInput(ag.ID, n))
		if err != nil {
			t.Fatal(err)
		}
		return v.Officer
	}
	w.oMarket, w.oBranch, w.oCounty = mk(w.market, 0), mk(w.branch, 1), mk(w.bureau, 2)
	return w
}

// jpeg returns n bytes that start like a JPEG file, random after that.
func jpeg(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0})
	return b
}

// mp4 returns n bytes that start like an MP4 file.
func mp4(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"))
	return b
}

// photoInput is valid metadata of a photo by the officer.
func (w *evidenceWorld) photoInput() evidence.EvidenceInput {
	lat, lng := 36.06712345678, 120.38267890123
	return evidence.EvidenceInput{Kind: zhifa.EvidencePhoto, Title: "仓库现场照片", MIME: "image/jpeg",
		CapturedAt: w.clock.Now().Add(-30 * time.Minute), DeviceID: "DSJ-A8-000123", OfficerIDs: []int64{w.oMarket.ID},
		Place: "东港市海滨路88号仓库", Lat: &lat, Lng: &lng, CaseRef: "东市监立〔2026〕12号"}
}

// counts are what an upload may leave behind: rows, ledger entries, blobs, temp files.
type counts struct{ evidence, entries, blobs int }

func (w *evidenceWorld) counts(t *testing.T) counts {
	t.Helper()
	var c counts
	err := w.store.View(context.Background(), func(tx zhifa.Tx) error {
		_, n, err := tx.EvidenceList(context.Background(), zhifa.EvidenceFilter{})
		c.evidence = n
		if err != nil {
			return err
		}
		size, err := tx.LedgerSize(context.Background())
		c.entries = int(size)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.blobs.Walk(context.Background(), func(blob.Info) error { c.blobs++; return nil }); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestUploadEvidence(t *testing.T) {
	w := newEvidenceWorld(t, app.Options{})
	officer := w.as(t, "officer1")
	content := jpeg(300_000)
	in := w.photoInput()
	before := w.counts(t)
	v, err := w.ev.Evidence().UploadEvidence(officer, in, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	d := ledger.DigestBytes(content)
	e := v.Evidence
	if e.ID == 0 || e.AgencyID != w.market.ID || e.Kind != zhifa.EvidencePhoto || e.MIME != "image/jpeg" || e.Size != int64(len(content)) ||
		e.SHA256 != (blob.Hashes{SHA256: d.SHA256}).SHA256Hex() || e.SM3 != (blob.Hashes{SM3: d.SM3}).SM3Hex() ||
		e.DeviceID != in.DeviceID || e.Place != in.Place || e.CaseRef != in.CaseRef || e.Title != in.Title ||
		e.UploadedBy != w.users["officer1"].ID || !e.UploadedAt.Equal(w.clock.Now()) {
		t.Errorf("evidence: %+v", e)
	}
	if !e.CapturedAt.Equal(in.CapturedAt.Truncate(time.Second)) {
		t.Errorf("captured at %v, want %v", e.CapturedAt, in.CapturedAt)
	}
	if *e.Lat != 36.0671235 || *e.Lng != 120.3826789 {
		t.Errorf("coordinates %v, %v: want them rounded to 7 decimals", *e.Lat, *e.Lng)
	}
	if v.AgencyName != w.market.Name || len(v.Officers) != 1 || v.Officers[0].Name != w.oMarket.Name || v.Uploader != "officer1" {
		t.Errorf("view: %+v", v)
	}
	if after := w.counts(t); after != (counts{before.evidence + 1, before.entries + 1, before.blobs + 1}) {
		t.Errorf("counts %+v after one upload, before %+v", after, before)
	}
	// The ledger entry holds the hashes and every metadata field, and no name.
	list := entries(t, w.store)
	entry, err := ledger.ParseEntry(list[e.LedgerIndex].Data)
	if err != nil {
		t.Fatal(err)
	}
	if entry.Kind != "evidence.add" || entry.Actor != "user/"+strconv.FormatInt(w.users["officer1"].ID, 10) ||
		!entry.Time.Equal(e.UploadedAt) || entry.Hashes["content"] != d {
		t.Errorf("entry: %+v", entry)
	}
	// Structured fields in clear, free text and places as commitments (issue 9 §3) whose
	// openings are stored with the entry.
	want := map[string]string{"agency": strconv.FormatInt(w.market.ID, 10), "kind": "photo", "mime": "image/jpeg",
		"captured_at": e.CapturedAt.UTC().Format(time.RFC3339), "officers": strconv.FormatInt(w.oMarket.ID, 10)}
	committed := map[string]string{"title": in.Title, "device": in.DeviceID, "place": in.Place, "case_ref": in.CaseRef,
		"lat": "36.0671235", "lng": "120.3826789"}
	if fmt.Sprint(entry.Meta) != fmt.Sprint(want) || entry.V != ledger.EntryV2 || len(entry.Commits) != len(committed) {
		t.Errorf("entry meta %v, commits %v: want meta %v and commitments of %v", entry.Meta, entry.Commits, want, committed)
	}
	var openings []ledger.Opening
	err = w.store.View(context.Background(), func(tx zhifa.Tx) error {
		list, err := tx.LedgerOpenings(context.Background(), e.LedgerIndex, e.LedgerIndex+1)
		for _, o := range list {
			if committed[o.Field] != o.Value {
				t.Errorf("opening %s = %q, want %q", o.Field, o.Value, committed[o.Field])
			}
			openings = append(openings, ledger.Opening{Field: o.Field, Salt: o.Salt, Value: o.Value})
		}
		return err
	})
	if err != nil || ledger.CheckOpenings(entry, openings) != nil {
		t.Errorf("openings: %v, %v", err, ledger.CheckOpenings(entry, openings))
	}
	if strings.Contains(string(list[e.LedgerIndex].Data), in.Place) || strings.Contains(string(list[e.LedgerIndex].Data), in.Title) {
		t.Errorf("entry holds free text in clear: %s", list[e.LedgerIndex].Data)
	}
	if s := string(list[e.LedgerIndex].Data); strings.Contains(s, w.oMarket.Name) || strings.Contains(s, officerInput(0, 0).IDNumber) {
		t.Errorf("entry names a person: %s", s)
	}
	// The audit line.
	audit, _, err := w.app.Audit(w.as(t, "supervisor1"), zhifa.AuditFilter{Action: "evidence.add"})
	if err != nil || len(audit) != 1 || !audit[0].Success || audit[0].Object != "evidence/"+strconv.FormatInt(e.ID, 10) {
		t.Errorf("audit: %v %+v", err, audit)
	}

	// The same content again: one blob, two records.
	in.Title = "同一照片再次上传"
	v2, err := w.ev.Evidence().UploadEvidence(officer, in, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID == e.ID || v2.SHA256 != e.SHA256 || v2.LedgerIndex == e.LedgerIndex {
		t.Errorf("second upload: %+v", v2.Evidence)
	}
	if after := w.counts(t); after != (counts{before.evidence + 2, before.entries + 2, before.blobs + 1}) {
		t.Errorf("counts %+v after the same content twice, before %+v", after, before)
	}

	// Without officers, the uploader's own officer record (if any) is used; the type
	// comes from the content when none is declared, and the kind from the type.
	w.linkOfficer(t, "head1", w.oMarket.ID)
	in = evidence.EvidenceInput{CapturedAt: w.clock.Now(), DeviceID: "DSJ-1", Place: "执法车内"}
	v3, err := w.ev.Evidence().UploadEvidence(w.as(t, "head1"), in, bytes.NewReader(mp4(70_000)))
	if err != nil {
		t.Fatal(err)
	}
	if v3.Kind != zhifa.EvidenceVideo || v3.MIME != "video/mp4" || len(v3.OfficerIDs) != 1 || v3.OfficerIDs[0] != w.oMarket.ID || v3.Lat != nil {
		t.Errorf("inferred: %+v", v3.Evidence)
	}
	// The list, in scope.
	l, err := w.ev.Evidence().EvidenceList(w.as(t, "supervisor1"), zhifa.EvidenceFilter{})
	if err != nil || l.Total != 3 || l.Evidence[0].ID != v3.ID {
		t.Errorf("supervisor's list: %v %+v", err, l)
	}
	l, err = w.ev.Evidence().EvidenceList(w.as(t, "outsider"), zhifa.EvidenceFilter{})
	if err != nil || l.Total != 0 {
		t.Errorf("outsider's list: %v %+v", err, l)
	}
	l, err = w.ev.Evidence().EvidenceList(officer, zhifa.EvidenceFilter{Kind: zhifa.EvidencePhoto, Query: "再次"})
	if err != nil || l.Total != 1 || l.Evidence[0].ID != v2.ID {
		t.Errorf("filtered list: %v %+v", err, l)
	}
}

// linkOfficer links a user's account to an officer record.
func (w *evidenceWorld) linkOfficer(t *testing.T, login string, officerID int64) {
	t.Helper()
	u := w.users[login]
	err := w.store.Update(context.Background(), func(tx zhifa.Tx) error {
		u.OfficerID = officerID
		return tx.UpdateUser(context.Background(), u)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// failingReader yields n bytes of r, then fails like a dropped connection.
type failingReader struct {
	r io.Reader
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	p = p[:min(len(p), f.n)]
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

// TestUploadEvidenceRefused checks that bad metadata, a contradicting or unsupported
// type, an oversized file and an interrupted upload are EINVALID and leave nothing
// behind: no row, no ledger entry, no blob, no temp file.
func TestUploadEvidenceRefused(t *testing.T) {
	w := newEvidenceWorld(t, app.Options{MaxEvidenceSize: 1 << 20})
	officer := w.as(t, "officer1")
	tests := []struct {
		name    string
		mod     func(*evidence.EvidenceInput)
		content []byte
		field   string
	}{
		{"declared type contradicts the content", func(in *evidence.EvidenceInput) { in.MIME = "image/png" }, jpeg(1000), "file"},
		{"video declared for a photo", func(in *evidence.EvidenceInput) { in.MIME = "video/mp4" }, mp4(1000), "mime"},
		{"unsupported type", func(in *evidence.EvidenceInput) { in.Kind, in.MIME = "", "text/html" }, []byte("<!doctype html><script>alert(1)</script>"), "mime"},
		{"HTML passed off as text", func(in *evidence.EvidenceInput) { in.Kind, in.MIME = zhifa.EvidenceOther, "text/plain" }, []byte("<!DOCTYPE html><html><script>x()</script>"), "file"},
		{"executable passed off as video", func(in *evidence.EvidenceInput) { in.Kind, in.MIME = zhifa.EvidenceVideo, "video/mp4" }, append([]byte("MZ\x90\x00"), jpeg(500)...), "file"},
		{"unrecognizable content", func(in *evidence.EvidenceInput) { in.Kind, in.MIME = "", "" }, bytes.Repeat([]byte{0x01, 0x02}, 300), "file"},
		{"bad kind", func(in *evidence.EvidenceInput) { in.Kind = "movie" }, jpeg(1000), "kind"},
		{"empty file", nil, nil, "file"},
		{"over the size limit", nil, jpeg(1<<20 + 1), ""},
		{"unknown officer", func(in *evidence.EvidenceInput) { in.OfficerIDs = []int64{w.oMarket.ID, 999999} }, jpeg(1000), "officer_ids"},
		{"officer of a sub-unit", func(in *evidence.EvidenceInput) { in.OfficerIDs = []int64{w.oBranch.ID} }, jpeg(1000), "officer_ids"},
		{"officer of another government", func(in *evidence.EvidenceInput) { in.OfficerIDs = []int64{w.oCounty.ID} }, jpeg(1000), "officer_ids"},
		{"no officer", func(in *evidence.EvidenceInput) { in.OfficerIDs = nil }, jpeg(1000), "officer_ids"},
		{"capture time in the future", func(in *evidence.EvidenceInput) { in.CapturedAt = w.clock.Now().Add(time.Hour) }, jpeg(1000), "captured_at"},
		{"no capture time", func(in *evidence.EvidenceInput) { in.CapturedAt = time.Time{} }, jpeg(1000), "captured_at"},
		{"latitude out of range", func(in *evidence.EvidenceInput) { x := 91.0; in.Lat = &x }, jpeg(1000), "lat"},
		{"longitude without latitude", func(in *evidence.EvidenceInput) { in.Lat = nil }, jpeg(1000), "lat"},
		{"photo without device", func(in *evidence.EvidenceInput) { in.DeviceID = " " }, jpeg(1000), "device_id"},
		{"photo without place", func(in *evidence.EvidenceInput) { in.Place = "" }, jpeg(1000), "place"},
	}
	before := w.counts(t)
	for _, tt := range tests {
		in := w.photoInput()
		if tt.mod != nil {
			tt.mod(&in)
		}
		_, err := w.ev.Evidence().UploadEvidence(officer, in, bytes.NewReader(tt.content))
		if zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("%s: %v, want EINVALID", tt.name, err)
			continue
		}
		if f := zhifa.ErrorFields(err); tt.field != "" && f[tt.field] == "" {
			t.Errorf("%s: fields %v, want one for %s", tt.name, f, tt.field)
		}
		if after := w.counts(t); after != before {
			t.Errorf("%s: counts %+v, before %+v", tt.name, after, before)
		}
	}
	// An upload that breaks off half way.
	_, err := w.ev.Evidence().UploadEvidence(officer, w.photoInput(), &failingReader{bytes.NewReader(jpeg(500_000)), 300_000})
	if zhifa.ErrorCode(err) != zhifa.EINVALID || !strings.Contains(zhifa.ErrorMessage(err), "中断") {
		t.Errorf("interrupted upload: %v", err)
	}
	if after := w.counts(t); after != before {
		t.Errorf("interrupted upload: counts %+v, before %+v", after, before)
	}
	// A cancelled request.
	ctx, cancel := context.WithCancel(officer)
	cancel()
	if _, err := w.ev.Evidence().UploadEvidence(ctx, w.photoInput(), bytes.NewReader(jpeg(100_000))); err == nil {
		t.Error("cancelled upload succeeded")
	}
	if after := w.counts(t); after != before {
		t.Errorf("cancelled upload: counts %+v, before %+v", after, before)
	}
	if n, err := w.blobs.Cleanup(context.Background()); err != nil || n != 0 {
		t.Errorf("temp files left behind: %d (%v)", n, err)
	}
	// The failures are audited.
	audit, _, err := w.app.Audit(w.as(t, "supervisor1"), zhifa.AuditFilter{Action: "evidence.add"})
	if err != nil || len(audit) == 0 || audit[0].Success {
		t.Errorf("failure audit: %v %+v", err, audit)
	}
}

func TestUploadEvidencePermissions(t *testing.T) {
	w := newEvidenceWorld(t, app.Options{})
	for _, tt := range []struct {
		ctx  context.Context
		who  string
		code string
	}{
		{context.Background(), "public", zhifa.EUNAUTHORIZED},
		{w.as(t, "reviewer1"), "reviewer", zhifa.EFORBIDDEN},
		{w.as(t, "supervisor1"), "supervisor", zhifa.EFORBIDDEN},
		{w.as(t, "admin"), "admin of a government", zhifa.EFORBIDDEN},
		{app.WithActor(context.Background(), app.SystemActor("test")), "system", zhifa.EFORBIDDEN},
	} {
		if _, err := w.ev.Evidence().UploadEvidence(tt.ctx, w.photoInput(), bytes.NewReader(jpeg(1000))); zhifa.ErrorCode(err) != tt.code {
			t.Errorf("%s uploads: %v, want %s", tt.who, err, tt.code)
		}
		if err := w.ev.Evidence().EvidenceUploadAllowed(tt.ctx); zhifa.ErrorCode(err) != tt.code {
			t.Errorf("%s may upload: %v, want %s", tt.who, err, tt.code)
		}
	}
	// An officer of the county's bureau uploads into that bureau, with its officer.
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := w.app.CreateUser(sys, app.UserInput{Login: "county_officer", Name: "赵六", Role: zhifa.RoleOfficer, AgencyID: w.bureau.ID, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	in := w.photoInput()
	in.OfficerIDs = []int64{w.oCounty.ID}
	v, err := w.ev.Evidence().UploadEvidence(w.as(t, "county_officer"), in, bytes.NewReader(jpeg(1000)))
	if err != nil || v.AgencyID != w.bureau.ID {
		t.Errorf("county officer: %v", err)
	}
	in.OfficerIDs = []int64{w.oMarket.ID}
	if _, err := w.ev.Evidence().UploadEvidence(w.as(t, "county_officer"), in, bytes.NewReader(jpeg(1000))); zhifa.ErrorFields(err)["officer_ids"] == "" {
		t.Errorf("county officer names a city officer: %v", err)
	}
	// Without blob storage, nothing works.
	bare := app.New(w.store, app.Options{Now: w.clock.Now})
	if _, err := bare.Evidence().UploadEvidence(w.as(t, "officer1"), w.photoInput(), bytes.NewReader(jpeg(1000))); zhifa.ErrorCode(err) != zhifa.EINTERNAL {
		t.Errorf("without blob storage: %v", err)
	}
}

// readAll reads an opened evidence file.
func readAll(t *testing.T, o blob.Object) []byte {
	t.Helper()
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenEvidence(t *testing.T) {
	w := newEvidenceWorld(t, app.Options{})
	content := jpeg(50_000)
	v, err := w.ev.Evidence().UploadEvidence(w.as(t, "officer1"), w.photoInput(), bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	head := w.as(t, "head1")
	access := func() []*zhifa.AccessLog {
		t.Helper()
		l, err := w.ev.Evidence().EvidenceAccess(head, v.ID, zhifa.Page{})
		if err != nil {
			t.Fatal(err)
		}
		return l.Entries
	}
	// An officer of the agency reads without a reason.
	o, e, err := w.ev.Evidence().OpenEvidence(w.as(t, "officer1"), v.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readAll(t, o), content) || e.ID != v.ID || e.MIME != "image/jpeg" {
		t.Errorf("read back %d bytes of %+v", len(content), e)
	}
	if l := access(); len(l) != 1 || l[0].UserID != w.users["officer1"].ID || l[0].Login != "officer1" || l[0].Reason != "" || l[0].IP != "192.0.2.1" {
		t.Errorf("access log after an officer's read: %+v", l)
	}
	// A supervisor must say why (D4).
	sup := w.as(t, "supervisor1")
	for _, reason := range []string{"", "   "} {
		if _, _, err := w.ev.Evidence().OpenEvidence(sup, v.ID, reason); zhifa.ErrorCode(err) != zhifa.EINVALID || zhifa.ErrorFields(err)["reason"] == "" {
			t.Errorf("supervisor without a reason %q: %v", reason, err)
		}
	}
	if l := access(); len(l) != 1 {
		t.Errorf("refused reads were logged: %+v", l)
	}
	w.clock.Advance(time.Minute)
	o, _, err = w.ev.Evidence().OpenEvidence(sup, v.ID, " 投诉核查：举报执法过程不规范 ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readAll(t, o), content) {
		t.Error("supervisor read other content")
	}
	l := access()
	if len(l) != 2 || l[0].Login != "supervisor1" || l[0].Reason != "投诉核查：举报执法过程不规范" || !l[0].At.Equal(w.clock.Now()) {
		t.Errorf("access log after the supervisor's read: %+v", l)
	}
	// Outsiders see nothing, neither the metadata nor the content nor the log.
	out := w.as(t, "outsider")
	if _, _, err := w.ev.Evidence().OpenEvidence(out, v.ID, "好奇"); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("outsider reads: %v", err)
	}
	if _, err := w.ev.Evidence().Evidence(out, v.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("outsider reads metadata: %v", err)
	}
	if _, err := w.ev.Evidence().EvidenceAccess(out, v.ID, zhifa.Page{}); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("outsider reads the access log: %v", err)
	}
	if _, _, err := w.ev.Evidence().OpenEvidence(context.Background(), v.ID, ""); zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED {
		t.Errorf("public reads: %v", err)
	}
	if len(access()) != 2 {
		t.Error("refused reads were logged")
	}
	// The access log is for admins, heads and supervisors.
	for login, code := range map[string]string{"officer1": zhifa.EFORBIDDEN, "reviewer1": zhifa.EFORBIDDEN, "supervisor1": "", "head1": ""} {
		if _, err := w.ev.Evidence().EvidenceAccess(w.as(t, login), v.ID, zhifa.Page{}); zhifa.ErrorCode(err) != code {
			t.Errorf("%s reads the access log: %v, want %q", login, err, code)
		}
	}
	// Metadata with the pointer to the ledger entry, covered once integrated.
	m, err := w.ev.Evidence().Evidence(w.as(t, "reviewer1"), v.ID)
	if err != nil || m.Ledger.Index != v.LedgerIndex || m.Ledger.Covered {
		t.Errorf("metadata: %v %+v", err, m)
	}
	signed := app.New(w.store, app.Options{Now: w.clock.Now, Blobs: w.blobs, LedgerSigner: newSigner(t, false)})
	if _, err := signed.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m, err := w.ev.Evidence().Evidence(sup, v.ID); err != nil || !m.Ledger.Covered || m.Ledger.CheckpointSize <= v.LedgerIndex {
		t.Errorf("metadata after a checkpoint: %v %+v", err, m.Ledger)
	}
}

// failingAccess is a store whose access-log writes fail.
type failingAccess struct{ zhifa.Store }

func (f failingAccess) Update(ctx context.Context, fn func(zhifa.Tx) error) error {
	return f.Store.Update(ctx, func(tx zhifa.Tx) error { return fn(failingAccessTx{tx}) })
}

type failingAccessTx struct{ zhifa.Tx }

func (failingAccessTx) AddAccess(context.Context, *zhifa.AccessLog) error {
	return errors.New("disk full")
}

// TestOpenEvidenceUnlogged checks that no content is returned when the read cannot be
// logged, and that a blob missing or replaced in storage is reported, not served.
func TestOpenEvidenceUnlogged(t *testing.T) {
	w := newEvidenceWorld(t, app.Options{})
	officer := w.as(t, "officer1")
	v, err := w.ev.Evidence().UploadEvidence(officer, w.photoInput(), bytes.NewReader(jpeg(5000)))
	if err != nil {
		t.Fatal(err)
	}
	broken := app.New(failingAccess{w.store}, app.Options{Now: w.clock.Now, Blobs: w.blobs})
	o, _, err := broken.Evidence().OpenEvidence(officer, v.ID, "")
	if err == nil || o != nil {
		t.Fatalf("content returned although its read was not logged: %v", err)
	}
	// The blob replaced by one of another size, then missing.
	other, err := w.blobs.Put(context.Background(), bytes.NewReader(jpeg(100)), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := blob.ParseSum(v.SHA256)
	swapped := &swapStore{Store: w.blobs, from: sum, to: other.SHA256}
	for name, st := range map[string]blob.Store{"replaced": swapped, "missing": &swapStore{Store: w.blobs, from: sum, to: [32]byte{1}}} {
		a := app.New(w.store, app.Options{Now: w.clock.Now, Blobs: st})
		if o, _, err := a.Evidence().OpenEvidence(officer, v.ID, ""); zhifa.ErrorCode(err) != zhifa.EINTERNAL || o != nil {
			t.Errorf("%s blob: %v", name, err)
		}
	}
}

// swapStore opens another blob in place of one.
type swapStore struct {
	blob.Store
	from, to [32]byte
}

func (s *swapStore) Open(ctx context.Context, sum [32]byte) (blob.Object, error) {
	if sum == s.from {
		sum = s.to
	}
	return s.Store.Open(ctx, sum)
}

// TestEvidenceS3 runs an upload, a duplicate and a ranged read against S3-compatible
// storage (the throwaway server of scripts/s3test.sh).
func TestEvidenceS3(t *testing.T) {
	cfg, err := blob.ParseS3URL(testenv.S3(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Prefix = "app-evidence-" + rand.Text() + "/"
	s3, err := blob.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := newEvidenceWorld(t, app.Options{})
	ev := app.New(w.store, app.Options{Now: w.clock.Now, Blobs: s3})
	officer := w.as(t, "officer1")
	content := mp4(6 << 20) // above the single-PUT size: a multipart upload
	in := w.photoInput()
	in.Kind, in.MIME = zhifa.EvidenceVideo, "video/mp4"
	v, err := ev.Evidence().UploadEvidence(officer, in, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := ev.Evidence().UploadEvidence(officer, in, bytes.NewReader(content))
	if err != nil || v2.SHA256 != v.SHA256 || v2.ID == v.ID {
		t.Fatalf("duplicate: %v %+v", err, v2)
	}
	n := 0
	if err := s3.Walk(context.Background(), func(blob.Info) error { n++; return nil }); err != nil || n != 1 {
		t.Errorf("%d objects stored (%v), want 1", n, err)
	}
	o, _, err := ev.Evidence().OpenEvidence(officer, v.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if _, err := o.Seek(5<<20, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 1000)
	if _, err := io.ReadFull(o, part); err != nil || !bytes.Equal(part, content[5<<20:5<<20+1000]) {
		t.Errorf("ranged read: %v", err)
	}
}
