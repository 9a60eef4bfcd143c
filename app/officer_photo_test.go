package app_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
)

// pngPhoto is a small valid PNG.
func pngPhoto(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestOfficerPhoto checks the upload of an officer's photo (issue #12): the admin of the
// officer's agency only, images only, size-limited; the photo opens for staff in scope
// and for the public, with its hash.
func TestOfficerPhoto(t *testing.T) {
	w := newCaseWorld(t)
	officer := w.certified[0]
	photo := pngPhoto(t)
	for _, tc := range []struct {
		name, login string
		data        []byte
		code        string
	}{
		{"not an image", "admin", []byte("%PDF-1.7 not a photo"), zhifa.EINVALID},
		{"empty", "admin", nil, zhifa.EINVALID},
		{"too big", "admin", append(append([]byte{}, photo...), make([]byte, personnel.MaxOfficerPhoto)...), zhifa.EINVALID},
		{"an officer", "officer1", photo, zhifa.EFORBIDDEN},
		{"another county's admin", "outsider", photo, zhifa.ENOTFOUND},
	} {
		_, err := w.app.Personnel().SetOfficerPhoto(w.as(t, tc.login), officer, bytes.NewReader(tc.data))
		if zhifa.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, _, err := w.app.Personnel().PublicOfficerPhoto(context.Background(), officer); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("photo before any upload: %v", err)
	}
	p, err := w.app.Personnel().SetOfficerPhoto(w.as(t, "admin"), officer, bytes.NewReader(photo))
	if err != nil {
		t.Fatal(err)
	}
	if p.MIME != "image/png" || len(p.SHA256) != 64 || len(p.SM3) != 64 || p.Size != int64(len(photo)) {
		t.Errorf("photo %+v", p)
	}
	for name, open := range map[string]func() (*zhifa.OfficerPhoto, io.ReadCloser, error){
		"head": func() (*zhifa.OfficerPhoto, io.ReadCloser, error) {
			return w.app.Personnel().OfficerPhoto(w.as(t, "head1"), officer)
		},
		"public": func() (*zhifa.OfficerPhoto, io.ReadCloser, error) {
			return w.app.Personnel().PublicOfficerPhoto(app.WithActor(context.Background(), &app.Actor{}), officer)
		},
	} {
		got, o, err := open()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := io.ReadAll(o)
		o.Close()
		if !bytes.Equal(b, photo) || got.SHA256 != p.SHA256 {
			t.Errorf("%s reads another photo", name)
		}
	}
	if _, _, err := w.app.Personnel().OfficerPhoto(w.as(t, "outsider"), officer); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("another county reads the photo: %v", err)
	}
	lines, _, err := w.app.Audit(w.as(t, "admin"), zhifa.AuditFilter{Action: "officer.photo"})
	if err != nil {
		t.Fatal(err)
	}
	var ok int
	for _, l := range lines {
		if l.Success && strings.Contains(l.Detail, p.SHA256) {
			ok++
		}
	}
	if ok != 1 {
		t.Errorf("%d successful audit lines of the upload", ok)
	}
	// The upload is a ledger entry naming the file, so zhifa verify rehashes it.
	lo, err := w.app.Ledger(w.as(t, "admin"), zhifa.Page{Limit: 1})
	if err != nil || len(lo.Entries) != 1 {
		t.Fatalf("ledger: %v", err)
	}
	e := lo.Entries[0].Entry
	if d, found := e.Hashes["photo"]; e.Kind != "officer.photo" || !found || fmt.Sprintf("%x", d.SHA256) != p.SHA256 || d.Size != p.Size {
		t.Errorf("the newest ledger entry %s, want officer.photo naming %s", lo.Entries[0].JSON, p.SHA256)
	}
}
