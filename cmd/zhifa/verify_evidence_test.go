package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/app/personnel"
	"zhifa/blob"
	"zhifa/internal/testenv"
	"zhifa/ledger"
)

// randomJPEG returns n bytes that start like a JPEG file.
func randomJPEG(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0})
	return b
}

// evidenceDataDir returns a data directory whose ledger records three uploads of two
// distinct photos (the first uploaded twice), all under a checkpoint, with the files in
// DATA/blobs, and the evidence.
func evidenceDataDir(t *testing.T) (string, []*evidence.EvidenceView) {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %s", r.stderr)
	}
	skey, _, err := ledger.GenerateKeys(verifyOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeSecretFile(ledgerKeyPath(data), []byte(skey+"\n")); err != nil {
		t.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		t.Fatal(err)
	}
	db, _ := openTestStore(t, data)
	defer db.Close()
	blobs, err := blob.OpenDir(ctx, filepath.Join(data, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(db, app.Options{LedgerSigner: signer, Blobs: blobs})
	sys := sysCtx()
	ag, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市市场监督管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "371800", LegalBasis: "《中华人民共和国食品安全法》第六条"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := a.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: "张三", IDNumber: "11010519491231002X", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(sys, app.UserInput{Login: "officer1", Name: "张三", Role: zhifa.RoleOfficer, AgencyID: ag.Agency.ID,
		OfficerID: o.ID, Password: "test-pass-123"}); err != nil {
		t.Fatal(err)
	}
	token, _, err := a.Login(app.WithActor(ctx, &app.Actor{IP: "127.0.0.1"}), "officer1", "test-pass-123", zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := a.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	officer := app.WithActor(ctx, actor)
	photo1, photo2 := randomJPEG(5000), randomJPEG(7000)
	var list []*evidence.EvidenceView
	for _, content := range [][]byte{photo1, photo2, photo1} {
		v, err := a.Evidence().UploadEvidence(officer, evidence.EvidenceInput{Kind: zhifa.EvidencePhoto, CapturedAt: time.Now().Add(-time.Hour),
			DeviceID: "DSJ-1", Place: "现场"}, bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, v)
	}
	if _, err := a.IntegrateLedger(ctx); err != nil {
		t.Fatal(err)
	}
	return data, list
}

// blobPath is the file of an evidence's blob in a data directory.
func blobPath(t *testing.T, data string, v *evidence.EvidenceView) string {
	t.Helper()
	sum, err := blob.ParseSum(v.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(data, "blobs", filepath.FromSlash(blob.Key(sum)))
}

// TestVerifyEvidence checks that zhifa verify rehashes every evidence file against its
// entry and reports a file replaced or deleted in storage with the entry's index, and
// that files no entry names are tolerated.
func TestVerifyEvidence(t *testing.T) {
	clearEnv(t)
	clean, ev := evidenceDataDir(t)
	r := runZhifa(t, "", "verify", "--data", clean)
	if r.code != 0 {
		t.Fatalf("intact: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"2 evidence file(s), 11.7 KiB, rehashed with SHA-256 and SM3 in " + filepath.Join(clean, "blobs"), "OK: the ledger is intact"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "named by no entry") {
		t.Errorf("unreferenced files reported: %s", r.stdout)
	}
	first := fmt.Sprintf("the evidence of entry %d does not match its digests: evidence.add file \"content\" (sha256:%s, 5000 bytes)", ev[0].LedgerIndex, ev[0].SHA256)
	tests := []struct {
		name   string
		tamper func(data string) error
		args   func(data string) []string
		want   string
	}{
		{"replace a blob", func(data string) error {
			return os.WriteFile(blobPath(t, data, ev[0]), randomJPEG(5000), 0o600)
		}, nil, first + " has been replaced in the evidence storage " + "DATA/blobs: the stored content hashes to sha256:"},
		{"replace a blob by one of another size", func(data string) error {
			return os.WriteFile(blobPath(t, data, ev[1]), randomJPEG(100), 0o600)
		}, nil, fmt.Sprintf("the evidence of entry %d does not match its digests: evidence.add file \"content\" (sha256:%s, 7000 bytes) has been replaced in the evidence storage DATA/blobs: the stored file has 100 bytes", ev[1].LedgerIndex, ev[1].SHA256)},
		{"change one byte of a blob", func(data string) error {
			path := blobPath(t, data, ev[0])
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			b[4000] ^= 1
			return os.WriteFile(path, b, 0o600)
		}, nil, first + " has been replaced"},
		{"delete a blob", func(data string) error {
			return os.Remove(blobPath(t, data, ev[1]))
		}, nil, fmt.Sprintf("the evidence of entry %d does not match its digests: evidence.add file \"content\" (sha256:%s, 7000 bytes) is missing from the evidence storage DATA/blobs (deleted or moved)", ev[1].LedgerIndex, ev[1].SHA256)},
		{"delete the storage", func(data string) error {
			return os.RemoveAll(filepath.Join(data, "blobs"))
		}, nil, first + " cannot be checked: the evidence storage DATA/blobs does not exist"},
		{"point at another storage", func(string) error { return nil },
			func(string) []string {
				other := t.TempDir()
				if _, err := blob.OpenDir(context.Background(), other); err != nil {
					t.Fatal(err)
				}
				return []string{"--blobs", other}
			}, first + " is missing from the evidence storage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := copyDataDir(t, clean)
			if err := tt.tamper(data); err != nil {
				t.Fatal(err)
			}
			args := []string{"verify", "--data", data}
			if tt.args != nil {
				args = append(args, tt.args(data)...)
			}
			r := runZhifa(t, "", args...)
			if r.code != exitError {
				t.Errorf("exit %d, want 1\nstdout %s", r.code, r.stdout)
			}
			oneLine(t, r, strings.ReplaceAll(tt.want, "DATA", data))
		})
	}
	// A file no entry names — an upload that failed after storing it — is harmless.
	data := copyDataDir(t, clean)
	d, err := blob.OpenDir(context.Background(), filepath.Join(data, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(context.Background(), bytes.NewReader(randomJPEG(300)), 1<<20); err != nil {
		t.Fatal(err)
	}
	r = runZhifa(t, "", "verify", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, "1 stored file(s) named by no entry (left by uploads that failed; harmless)") {
		t.Errorf("unreferenced file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// verify writes nothing into the storage: a leftover temp file stays.
	stale := filepath.Join(data, "blobs", "tmp", "put-stale")
	os.WriteFile(stale, []byte("x"), 0o600)
	runZhifa(t, "", "verify", "--data", data)
	if _, err := os.Stat(stale); err != nil {
		t.Errorf("verify cleaned up the storage: %v", err)
	}
}

// TestServeEvidence uploads evidence to a running zhifa demo through the API, finds
// the file in DATA/blobs, reads it back in a range, and verifies the data directory.
// It also checks the storage flags.
func TestServeEvidence(t *testing.T) {
	clearEnv(t)
	data := filepath.Join(t.TempDir(), "demo")
	s := startServer(t, "demo", "--data", data, "--addr", "127.0.0.1:0", "--max-evidence", "1MiB")
	base := strings.TrimSuffix(s.url, "/")
	res, err := http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"login":"officer1","password":"Demo@2026zf"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	upload := func(content []byte) (int, map[string]any) {
		t.Helper()
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("kind", "photo")
		mw.WriteField("captured_at", time.Now().Add(-time.Minute).Format(time.RFC3339))
		mw.WriteField("device_id", "DSJ-9")
		mw.WriteField("place", "东港市")
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="p.jpg"`)
		h.Set("Content-Type", "image/jpeg")
		w, _ := mw.CreatePart(h)
		w.Write(content)
		mw.Close()
		req, _ := http.NewRequest("POST", base+"/api/v1/evidence", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+login.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	content := randomJPEG(200_000)
	status, doc := upload(content)
	if status != http.StatusCreated {
		t.Fatalf("upload: %d %v", status, doc)
	}
	sum, _ := blob.ParseSum(doc["sha256"].(string))
	if b, err := os.ReadFile(filepath.Join(data, "blobs", filepath.FromSlash(blob.Key(sum)))); err != nil || !bytes.Equal(b, content) {
		t.Errorf("the file in DATA/blobs: %v", err)
	}
	if status, doc := upload(randomJPEG(1<<20 + 1)); status != http.StatusUnprocessableEntity {
		t.Errorf("over --max-evidence: %d %v", status, doc)
	}
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/evidence/%v/content", base, doc["id"]), nil)
	req.Header.Set("Authorization", "Bearer "+login.Token)
	req.Header.Set("Range", "bytes=5-14")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var part bytes.Buffer
	part.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusPartialContent || !bytes.Equal(part.Bytes(), content[5:15]) {
		t.Errorf("range: %d", res.StatusCode)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	r := runZhifa(t, "", "verify", "--data", data)
	// The demo's photos, recordings and issued documents and the upload are all
	// checked; no stored file is left without its entry.
	if r.code != 0 || !strings.Contains(r.stdout, "evidence file(s)") || strings.Contains(r.stdout, "named by no entry") {
		t.Errorf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Flags: one storage only; a malformed S3 URL or size is a usage error.
	for _, args := range [][]string{
		{"--blobs", t.TempDir(), "--s3", "http://a:b@127.0.0.1:1/bucket"},
		{"--s3", "ftp://a:b@host/bucket"},
		{"--max-evidence", "lots"},
	} {
		r := runZhifa(t, "", append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, args...)...)
		if r.code != exitUsage {
			t.Errorf("serve %v: exit %d %s", args, r.code, r.stderr)
		}
	}
	t.Setenv("ZHIFA_MAX_EVIDENCE", "-1")
	if r := runZhifa(t, "", "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"); r.code != exitUsage || !strings.Contains(r.stderr, "ZHIFA_MAX_EVIDENCE") {
		t.Errorf("bad ZHIFA_MAX_EVIDENCE: exit %d %s", r.code, r.stderr)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"4GiB": 4 << 30, "512MiB": 512 << 20, "2G": 2 << 30, "1048576": 1 << 20, " 8 GiB ": 8 << 30, "100K": 100 << 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "1.5GiB", "lots", "9999999999TiB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) succeeded", in)
		}
	}
}

// TestServeEvidenceS3 serves with the evidence in an S3 bucket (--s3), uploads a file
// and verifies the data directory against the bucket; then deletes the object.
func TestServeEvidenceS3(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	clearEnv(t)
	s3url := strings.TrimSuffix(testenv.S3(t), "/") + "/cmd-evidence-" + rand.Text()
	data := filepath.Join(t.TempDir(), "demo")
	s := startServer(t, "demo", "--data", data, "--addr", "127.0.0.1:0", "--s3", s3url)
	base := strings.TrimSuffix(s.url, "/")
	res, err := http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"login":"officer1","password":"Demo@2026zf"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("captured_at", time.Now().Add(-time.Minute).Format(time.RFC3339))
	mw.WriteField("device_id", "DSJ-9")
	mw.WriteField("place", "东港市")
	fw, _ := mw.CreateFormFile("file", "p.jpg")
	fw.Write(randomJPEG(50_000))
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/evidence", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+login.Token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SHA256 string `json:"sha256"`
		Kind   string `json:"kind"`
	}
	json.NewDecoder(res.Body).Decode(&doc)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || doc.Kind != "photo" {
		t.Fatalf("upload: %d %+v", res.StatusCode, doc)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(data, "blobs")); err == nil {
		t.Error("DATA/blobs created although the evidence is in S3")
	}
	r := runZhifa(t, "", "verify", "--data", data, "--s3", s3url)
	// The demo's photos, recordings and issued documents and the upload are all
	// checked; no stored file is left without its entry.
	if r.code != 0 || !strings.Contains(r.stdout, "evidence file(s)") || strings.Contains(r.stdout, "named by no entry") {
		t.Fatalf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Without --s3, verify looks in DATA/blobs, which does not exist.
	if r := runZhifa(t, "", "verify", "--data", data); r.code != exitError || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("verify without --s3: exit %d %s", r.code, r.stderr)
	}
	// The object deleted from the bucket.
	cfg, _ := blob.ParseS3URL(s3url)
	client, err := minio.New(cfg.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := blob.ParseSum(doc.SHA256)
	if err := client.RemoveObject(context.Background(), cfg.Bucket, cfg.Prefix+"/"+blob.Key(sum), minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	r = runZhifa(t, "", "verify", "--data", data, "--s3", s3url)
	if r.code != exitError {
		t.Errorf("verify after deleting the object: exit %d", r.code)
	}
	oneLine(t, r, "is missing from the evidence storage "+cfg.String())
}

// TestVerifyChecksDocumentBlobs: the blobs named by issued documents' entries are
// rehashed like uploads' (an issued 文书 is evidence too): a stored one passes, a missing
// one is reported, other entries' hashes are not taken for blobs.
func TestVerifyChecksDocumentBlobs(t *testing.T) {
	ctx := context.Background()
	store, err := blob.OpenDir(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	stored := []byte("<html>行政处罚决定书</html>")
	if _, err := store.Put(ctx, bytes.NewReader(stored), 1<<20); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind    string
		content []byte
		want    string // "" for no error
	}{
		{"document.issue", stored, ""},
		{"document.issue", []byte("<html>另一份文书</html>"), "is missing from the evidence storage"},
		{"evidence.add", []byte("not stored"), "is missing from the evidence storage"},
		{"casefile.export", []byte("a manifest, not a stored file"), ""},
	} {
		c := newEvidenceCheck(ctx, store, "test")
		err := c.entry(7, &ledger.Entry{Kind: tc.kind, Hashes: map[string]ledger.Digest{"content": ledger.DigestBytes(tc.content)}})
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s %q: %v, want %q", tc.kind, tc.content, err, tc.want)
		}
	}
}
