package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/ledger"
)

// defaultOrigin names the ledger when --origin is not given for a new key. A
// deployment should name it after its public address, e.g.
// "zhifa.example.gov.cn/ledger": the name is part of every checkpoint and of the key.
const defaultOrigin = "zhifa.local/ledger"

// ledgerFlags configure the checkpoint signer.
type ledgerFlags struct {
	origin  string
	keyFile string
	sm2File string
}

// register adds --origin, --ledger-key and --sm2-key to fs.
func (l *ledgerFlags) register(fs *flagSet, e *env) {
	fs.StringVar(&l.origin, "origin", e.getenv("ZHIFA_LEDGER_ORIGIN"),
		"ledger `NAME` for a new signing key, e.g. zhifa.example.gov.cn/ledger (default "+defaultOrigin+"); an existing key keeps its name (env ZHIFA_LEDGER_ORIGIN)\n账本名称（新密钥时使用）")
	fs.StringVar(&l.keyFile, "ledger-key", "",
		"`FILE` with the Ed25519 checkpoint signing key (note format, PRIVATE+KEY+...); default DATA/keys/ledger.key, generated on first start (env ZHIFA_LEDGER_KEY holds the key itself)\n账本检查点签名密钥文件")
	fs.StringVar(&l.sm2File, "sm2-key", "",
		"`FILE` with an SM2 private key (PEM, PKCS#8 or SEC 1) to sign checkpoints with as well; default DATA/keys/ledger-sm2.key if present (env ZHIFA_LEDGER_SM2_KEY holds the PEM itself)\nSM2 签名私钥文件（可选）")
}

// Key files in the data directory.
func ledgerKeyPath(dataDir string) string { return filepath.Join(dataDir, "keys", "ledger.key") }
func ledgerSM2KeyPath(dataDir string) string {
	return filepath.Join(dataDir, "keys", "ledger-sm2.key")
}

// readSecret reads a key file, warning when others may read it.
func readSecret(path string, log *slog.Logger) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		log.Warn("key file is readable by other users; chmod 600 it", "path", path, "mode", fi.Mode().Perm().String())
	}
	return b, nil
}

// loadLedgerSigner returns the checkpoint signer: the Ed25519 key from ZHIFA_LEDGER_KEY,
// --ledger-key or DATA/keys/ledger.key, and the SM2 key from ZHIFA_LEDGER_SM2_KEY,
// --sm2-key or DATA/keys/ledger-sm2.key if any. Without an Ed25519 key a new one is
// generated into DATA/keys/ledger.key (0600) — but only while the database holds no
// checkpoint signed with another key: a lost key is restored, never silently replaced.
// Private keys are never printed or logged.
func loadLedgerSigner(ctx context.Context, e *env, l *ledgerFlags, dataDir string, db zhifa.Store, log *slog.Logger) (*ledger.Signer, error) {
	skey, source, err := ledgerKey(e, l, dataDir, log)
	if err != nil {
		return nil, err
	}
	fresh := skey == ""
	origin := l.origin
	if fresh {
		if origin == "" {
			origin = defaultOrigin
		}
		if !ledger.ValidOrigin(origin) {
			return nil, &usageError{fmt.Sprintf("--origin %q: want a name without spaces or '+', e.g. zhifa.example.gov.cn/ledger", origin)}
		}
		if skey, _, err = ledger.GenerateKeys(origin); err != nil {
			return nil, err
		}
		source = ledgerKeyPath(dataDir)
	}
	sm2skey, sm2source, err := ledgerSM2Key(e, l, dataDir, origin, skey, log)
	if err != nil {
		return nil, err
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		return nil, fmt.Errorf("ledger signing key %s: %v", source, err)
	}
	if l.origin != "" && l.origin != signer.Origin() {
		return nil, fmt.Errorf("the ledger signing key %s is named %q but --origin is %q: the name is part of the key and of every checkpoint; drop --origin or use another key", source, signer.Origin(), l.origin)
	}
	if sm2skey != "" {
		if signer, err = ledger.NewSigner(skey, sm2skey); err != nil {
			return nil, fmt.Errorf("SM2 key %s: %v", sm2source, err)
		}
	}
	if fresh {
		if other, err := foreignCheckpoint(ctx, db, signer); err != nil {
			return nil, err
		} else if other {
			return nil, fmt.Errorf("the ledger signing key %s is missing but the database holds checkpoints signed with another key: restore the key from your backup (every server of one database needs the same key), or pass --ledger-key", ledgerKeyPath(dataDir))
		}
		if err := writeSecretFile(ledgerKeyPath(dataDir), []byte(skey+"\n")); err != nil {
			return nil, fmt.Errorf("write ledger signing key: %w", err)
		}
		log.Warn("generated a new ledger signing key; back it up, and give every server of this database the same key", "path", ledgerKeyPath(dataDir))
	}
	attrs := []any{"origin", signer.Origin(), "key", signer.VerifierKey()}
	if k := signer.SM2VerifierKey(); k != "" {
		attrs = append(attrs, "sm2_key", k)
	}
	log.Info("ledger signer ready", attrs...)
	return signer, nil
}

// ledgerKey returns the Ed25519 signer key and where it came from; "" when there is none.
func ledgerKey(e *env, l *ledgerFlags, dataDir string, log *slog.Logger) (skey, source string, err error) {
	if v := strings.TrimSpace(e.getenv("ZHIFA_LEDGER_KEY")); v != "" {
		return v, "ZHIFA_LEDGER_KEY", nil
	}
	path := l.keyFile
	if path == "" {
		path = ledgerKeyPath(dataDir)
	}
	b, err := readSecret(path, log)
	switch {
	case err == nil:
		return strings.TrimSpace(string(b)), path, nil
	case errors.Is(err, fs.ErrNotExist) && l.keyFile == "":
		return "", "", nil
	default:
		return "", "", fmt.Errorf("read ledger signing key: %w", err)
	}
}

// ledgerSM2Key returns the SM2 signer key named like skey, or "" without an SM2 key.
// The key is PEM (PKCS#8 or SEC 1), or already in the note key form.
func ledgerSM2Key(e *env, l *ledgerFlags, dataDir, origin, skey string, log *slog.Logger) (string, string, error) {
	data, source := []byte(strings.TrimSpace(e.getenv("ZHIFA_LEDGER_SM2_KEY"))), "ZHIFA_LEDGER_SM2_KEY"
	if len(data) == 0 {
		path := l.sm2File
		if path == "" {
			path = ledgerSM2KeyPath(dataDir)
		}
		b, err := readSecret(path, log)
		switch {
		case errors.Is(err, fs.ErrNotExist) && l.sm2File == "":
			return "", "", nil
		case err != nil:
			return "", "", fmt.Errorf("read SM2 key: %w", err)
		}
		data, source = bytes.TrimSpace(b), path
	}
	if bytes.HasPrefix(data, []byte("PRIVATE+KEY+")) {
		return string(data), source, nil
	}
	// The SM2 key takes the name of the Ed25519 key: both sign for one log.
	name, _, _ := strings.Cut(strings.TrimPrefix(skey, "PRIVATE+KEY+"), "+")
	if name == "" {
		name = origin
	}
	sm2skey, _, err := ledger.SM2KeysFromPEM(name, data)
	if err != nil {
		return "", "", fmt.Errorf("SM2 key %s: %v", source, err)
	}
	return sm2skey, source, nil
}

// foreignCheckpoint reports whether the latest checkpoint is signed with a key other
// than the signer's Ed25519 key.
func foreignCheckpoint(ctx context.Context, db zhifa.Store, signer *ledger.Signer) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var other bool
	err := db.View(ctx, func(tx zhifa.Tx) error {
		c, err := tx.LatestCheckpoint(ctx)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		_, verr := ledger.VerifyCheckpoint(c.Note, signer.VerifierKey())
		other = verr != nil
		return nil
	})
	return other, err
}

// runLedger starts the integrator of a; the returned function stops it and waits.
func runLedger(ctx context.Context, a *app.App, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := a.RunLedger(ctx); err != nil {
			log.Error("ledger", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}
