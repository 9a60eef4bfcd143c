package main

import (
	"context"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"zhifa"
	"zhifa/ledger"
)

// sm2PEM writes a new SM2 private key as PKCS#8 PEM to a file and returns its path.
func sm2PEM(t *testing.T) (path string, pemData []byte) {
	t.Helper()
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := smx509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pemData = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	path = filepath.Join(t.TempDir(), "sm2.pem")
	if err := os.WriteFile(path, pemData, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, pemData
}

// waitCheckpoint waits until the data directory's database holds a checkpoint and
// returns the latest.
func waitCheckpoint(t *testing.T, data string) *zhifa.LedgerCheckpoint {
	t.Helper()
	db, _ := openTestStore(t, data)
	defer db.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var c *zhifa.LedgerCheckpoint
		err := db.View(context.Background(), func(tx zhifa.Tx) error {
			var err error
			c, err = tx.LatestCheckpoint(context.Background())
			return err
		})
		if err == nil {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var vkeyRE = regexp.MustCompile(`key=(\S+)`)

// TestLedgerKeys checks the checkpoint signing keys of serve: generated on first start
// into DATA/keys/ledger.key (0600) and never printed, kept across restarts, an SM2 key
// added from a PEM file or the environment, an --origin that contradicts the key
// refused, and a lost key never silently replaced while checkpoints exist.
func TestLedgerKeys(t *testing.T) {
	clearEnv(t)
	data := t.TempDir()
	s := startServer(t, "serve", "--data", data, "--addr", "127.0.0.1:0", "--origin", "zhifa.dg.gov.cn/ledger")
	c := waitCheckpoint(t, data)
	_, servedKey := get(t, s.url+"ledger/key")
	status, servedCheckpoint := get(t, s.url+"ledger/checkpoint")
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d: %s", code, s.stderr.String())
	}
	skey, err := os.ReadFile(ledgerKeyPath(data))
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(ledgerKeyPath(data)); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", st.Mode().Perm())
	}
	if !strings.HasPrefix(string(skey), "PRIVATE+KEY+zhifa.dg.gov.cn/ledger+") {
		t.Fatalf("key file %.40q...", skey)
	}
	signer, err := ledger.NewSigner(strings.TrimSpace(string(skey)), "")
	if err != nil {
		t.Fatal(err)
	}
	logs := s.stderr.String() + s.stdout.String()
	secret := strings.TrimPrefix(strings.TrimSpace(string(skey)), "PRIVATE+KEY+"+signer.Origin()+"+")
	if strings.Contains(logs, secret[9:]) || !strings.Contains(logs, "generated a new ledger signing key") || !strings.Contains(logs, signer.VerifierKey()) {
		t.Errorf("the log should announce the new key and its verifier key, never the private key:\n%s", logs)
	}
	if cp, err := ledger.VerifyCheckpoint(c.Note, signer.VerifierKey()); err != nil || cp.Origin != "zhifa.dg.gov.cn/ledger" {
		t.Errorf("checkpoint %+v: %v", cp, err)
	}
	if strings.TrimSpace(servedKey) != signer.VerifierKey() {
		t.Errorf("GET /ledger/key = %q, want %q", servedKey, signer.VerifierKey())
	}
	if _, err := ledger.VerifyCheckpoint([]byte(servedCheckpoint), signer.VerifierKey()); status != 200 || err != nil {
		t.Errorf("GET /ledger/checkpoint: %d %q: %v", status, servedCheckpoint, err)
	}

	// Restarted with an SM2 key: same Ed25519 key, and checkpoints carry both signatures.
	sm2File, sm2Data := sm2PEM(t)
	s = startServer(t, "serve", "--data", data, "--addr", "127.0.0.1:0", "--sm2-key", sm2File)
	var sm2vkey string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		logs := s.stderr.String()
		if m := regexp.MustCompile(`sm2_key="?([^"\s]+)`).FindStringSubmatch(logs); m != nil {
			sm2vkey = m[1]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no SM2 key in the log: %s", logs)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c := waitCheckpoint(t, data)
		if _, err := ledger.VerifyCheckpoint(c.Note, signer.VerifierKey(), sm2vkey); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint signed with both keys: %s", c.Note)
		}
	}
	s.stop(t)
	if strings.Contains(s.stderr.String(), "generated") {
		t.Error("restart generated a new key")
	}
	if b, _ := os.ReadFile(ledgerKeyPath(data)); string(b) != string(skey) {
		t.Error("restart changed the key")
	}

	tests := []struct {
		name string
		env  map[string]string
		args []string
		msg  string
	}{
		{"origin contradicts the key", nil, []string{"--origin", "other.example/ledger"}, `is named "zhifa.dg.gov.cn/ledger" but --origin is "other.example/ledger"`},
		{"bad SM2 file", nil, []string{"--sm2-key", ledgerKeyPath(data) + ".none"}, "read SM2 key"},
		{"bad SM2 PEM", map[string]string{"ZHIFA_LEDGER_SM2_KEY": "-----BEGIN NOTHING-----"}, nil, "SM2 key ZHIFA_LEDGER_SM2_KEY"},
		{"bad key in env", map[string]string{"ZHIFA_LEDGER_KEY": "PRIVATE+KEY+x+00000000+AAAA"}, nil, "ledger signing key ZHIFA_LEDGER_KEY"},
		{"missing key file", nil, []string{"--ledger-key", filepath.Join(data, "nokey")}, "read ledger signing key"},
		{"invalid origin", nil, []string{"--data", t.TempDir(), "--origin", "with space"}, "--origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			r := runZhifa(t, "", append([]string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, tt.args...)...)
			if r.code == 0 {
				t.Fatalf("exit 0")
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, tt.msg) {
				t.Errorf("stderr %q, want %q", last, tt.msg)
			}
			if strings.Contains(r.stderr, secret[9:]) {
				t.Error("the private key was printed")
			}
		})
	}

	// The keys from the environment, with the key file gone: the same log continues.
	if err := os.Rename(ledgerKeyPath(data), ledgerKeyPath(data)+".bak"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZHIFA_LEDGER_KEY", string(skey))
	t.Setenv("ZHIFA_LEDGER_SM2_KEY", string(sm2Data))
	s = startServer(t, "serve", "--data", data, "--addr", "127.0.0.1:0")
	if !strings.Contains(s.stderr.String(), sm2vkey) {
		t.Errorf("SM2 key from the environment not used: %s", s.stderr.String())
	}
	s.stop(t)
	if _, err := os.Stat(ledgerKeyPath(data)); !os.IsNotExist(err) {
		t.Errorf("a key file was written although the key came from the environment: %v", err)
	}

	// A lost key is not silently replaced while checkpoints exist.
	t.Setenv("ZHIFA_LEDGER_KEY", "")
	t.Setenv("ZHIFA_LEDGER_SM2_KEY", "")
	r := runZhifa(t, "", "serve", "--data", data, "--addr", "127.0.0.1:0")
	if r.code != exitError {
		t.Errorf("lost key: exit %d", r.code)
	}
	if !strings.Contains(r.stderr, "ledger signing key "+ledgerKeyPath(data)+" is missing") {
		t.Errorf("lost key: stderr %q", r.stderr)
	}
	if _, err := os.Stat(ledgerKeyPath(data)); !os.IsNotExist(err) {
		t.Errorf("a new key was written over the lost one: %v", err)
	}
	if m := vkeyRE.FindStringSubmatch(logs); m == nil {
		t.Errorf("no verifier key logged")
	}
}
