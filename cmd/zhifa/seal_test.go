package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/seal"
	"zhifa/seal/sealtest"
)

// TestVerifyPDF: the seal CA is generated into the data directory once (and refused to
// be regenerated while seal keys exist), and zhifa verify --pdf reports a file signed
// with a registered seal but never issued, a flipped byte and a foreign CA as failures
// naming the reason.
func TestVerifyPDF(t *testing.T) {
	clearEnv(t)
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	if r := runZhifa(t, "", "migrate", "--data", data); r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	db, _ := openTestStore(t, data)
	log := slog.New(slog.DiscardHandler)
	ca, err := loadSealCA(ctx, data, db, log)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(sealCAPath(data)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("seal CA file: %v %v", st, err)
	}
	again, err := loadSealCA(ctx, data, db, log)
	if err != nil || !again.Cert.Equal(ca.Cert) {
		t.Fatalf("second load: %v", err)
	}
	a := app.New(db, app.Options{SealCA: ca})
	ag, err := a.Personnel().CreateAgency(sysCtx(), personnel.AgencyInput{Name: "东港市人民政府", Level: zhifa.LevelCity, Type: zhifa.AgencyGovernment,
		RegionCode: "370200", LegalBasis: "《地方各级人民代表大会和地方各级人民政府组织法》"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := a.GenerateSealKey(sysCtx(), ag.Agency.ID, app.SealKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ca.UnwrapKey(key.WrappedKey, key.Fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := seal.ParseCertificate(key.Certificate)
	signed, err := seal.Sign(sealtest.PDF("x"), &seal.Signer{Key: priv, Cert: cert, Chain: []*smx509.Certificate{ca.Cert}, Name: ag.Agency.Name}, time.Now(), "test")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flipped := append([]byte(nil), signed...)
	flipped[20] ^= 1
	other, _ := seal.NewCA(seal.SM2, "other", time.Now())
	for _, tt := range []struct {
		name, file string
		args       []string
		want       string
	}{
		{"never issued", write("a.pdf", signed), nil, "没有签发过这个文件"},
		{"flipped byte", write("b.pdf", flipped), nil, "被修改过"},
		{"foreign CA", write("c.pdf", signed), []string{"--seal-ca", write("ca.pem", seal.CertPEM(other.Cert.Raw))}, "不是本系统"},
		{"unsigned", write("d.pdf", sealtest.PDF("y")), nil, "没有电子签章"},
	} {
		r := runZhifa(t, "", append([]string{"verify", "--data", data, "--pdf", tt.file}, tt.args...)...)
		if r.code == 0 || !strings.Contains(r.stdout, tt.want) || !strings.Contains(r.stderr, "核验不通过") {
			t.Errorf("%s: exit %d stdout %q stderr %q", tt.name, r.code, r.stdout, r.stderr)
		}
	}
	if r := runZhifa(t, "", "verify", "--data", data, "--pdf", write("e.pdf", signed), "--progress"); r.code == 0 || !strings.Contains(r.stderr, "--pdf takes only") {
		t.Errorf("--pdf with --progress: %+v", r)
	}
	// The CA file lost while seal keys exist: refused, not regenerated.
	if err := os.Remove(sealCAPath(data)); err != nil {
		t.Fatal(err)
	}
	db, _ = openTestStore(t, data)
	defer db.Close()
	if _, err := loadSealCA(ctx, data, db, log); err == nil || !strings.Contains(err.Error(), "restore it") {
		t.Errorf("lost CA: %v", err)
	}
}
