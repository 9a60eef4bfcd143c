package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/seal"
)

// The electronic seal (issue 12): the deployment's seal CA lives in
// DATA/keys/seal-ca.pem beside the ledger and personal-data keys; zhifa verify --pdf
// checks a sealed PDF against it, the seal register and the ledger.

// sealCAName names the deployment's seal CA in its certificate.
const sealCAName = "行政执法电子印章证书机构"

func sealCAPath(dataDir string) string { return filepath.Join(dataDir, "keys", "seal-ca.pem") }

// loadSealCA returns the seal CA of DATA/keys/seal-ca.pem, generating an SM2 CA there
// (0600) on first start — but only while the database holds no seal key: the CA's key
// also decrypts the agencies' seal keys, so a lost CA is restored, never replaced.
func loadSealCA(ctx context.Context, dataDir string, db zhifa.Store, log *slog.Logger) (*seal.CA, error) {
	path := sealCAPath(dataDir)
	b, err := readSecret(path, log)
	if err == nil {
		ca, err := seal.LoadCA(b)
		if err != nil {
			return nil, fmt.Errorf("seal CA %s: %v", path, err)
		}
		return ca, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var keys []*zhifa.SealKey
	if err := db.View(ctx, func(tx zhifa.Tx) (err error) {
		keys, err = tx.SealKeys(ctx, zhifa.SealKeyFilter{Limit: 1})
		return err
	}); err != nil {
		return nil, err
	}
	if len(keys) > 0 {
		return nil, fmt.Errorf("the seal CA %s is missing but the database holds seal keys encrypted under it: restore it from your backup (every server of one database needs the same file)", path)
	}
	ca, err := seal.NewCA(seal.SM2, sealCAName, time.Now())
	if err != nil {
		return nil, err
	}
	out, err := ca.PEM()
	if err != nil {
		return nil, err
	}
	if err := writeSecretFile(path, out); err != nil {
		return nil, fmt.Errorf("write seal CA: %w", err)
	}
	log.Warn("generated the seal CA; back it up with the other keys, and give every server of this database the same file", "path", path)
	return ca, nil
}

// verifyPDF checks a sealed PDF (zhifa verify --pdf): the signature over the whole
// file, its certificate against the seal CA (--seal-ca, default the data directory's),
// the seal register's revocations and the ledger's record of the file. It reads the
// database and writes nothing.
func verifyPDF(ctx context.Context, e *env, fl *flagSet, f *storeFlags, path, caFile string) error {
	var other []string
	fl.Visit(func(x *flag.Flag) {
		if x.Name != "pdf" && x.Name != "seal-ca" && x.Name != "data" && x.Name != "db" {
			other = append(other, "--"+x.Name)
		}
	})
	if len(other) > 0 {
		return &usageError{fmt.Sprintf("--pdf takes only --seal-ca, --data and --db, not %s", strings.Join(other, ", "))}
	}
	pdf, err := readLimited(path, app.MaxSealedPDFSize)
	if err != nil {
		return err
	}
	if caFile == "" {
		caFile = sealCAPath(f.data)
	}
	b, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("read the seal CA certificate: %w (pass --seal-ca with the certificate published on the portal's /seals page)", err)
	}
	ca, err := seal.LoadCACert(b)
	if err != nil {
		return fmt.Errorf("%s: %v", caFile, err)
	}
	store, err := openForVerify(ctx, e, f)
	if err != nil {
		return err
	}
	defer store.Close()
	a := app.New(store, app.Options{Logger: newLogger(e, slog.LevelWarn), SealCA: ca})
	check, err := a.VerifyPDF(app.WithActor(ctx, nil), pdf)
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "PDF %s\n", path)
	if check.Fingerprint != "" {
		fmt.Fprintf(w, "  signed by %s with %s, certificate SHA-256 %s\n", check.Agency, check.Algorithm, check.Fingerprint)
		if !check.SignedAt.IsZero() {
			fmt.Fprintf(w, "  signing time %s\n", check.SignedAt.In(zhifa.CST).Format(time.DateTime))
		}
	}
	if check.Number != "" {
		fmt.Fprintf(w, "  the ledger recorded it: %s %s issued %s, entry %d\n", check.Document, check.Number, check.IssuedOn, check.LedgerIndex)
	}
	for _, n := range check.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if !check.Valid {
		for _, p := range check.Problems {
			fmt.Fprintf(w, "  FAILED: %s\n", p)
		}
		return fmt.Errorf("the PDF %s does not verify 文书电子签章核验不通过", path)
	}
	fmt.Fprintln(w, "OK: the seal is valid and the file is the one issued 电子签章有效，文件与签发记录一致")
	return nil
}

// readLimited reads a file of at most max bytes.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than %d MB: not a document this system issued", path, max>>20)
	}
	return b, nil
}
