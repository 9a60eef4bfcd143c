package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"zhifa"
	"zhifa/sqlstore"
)

// Defaults of the common flags.
const (
	defaultAddr = "127.0.0.1:8080"
	defaultData = "./zhifa-data"
	// pgConnectTimeout bounds connecting to PostgreSQL unless the URL sets connect_timeout.
	pgConnectTimeout = 10
)

// storeFlags are the flags naming the database.
type storeFlags struct {
	data string
	db   string
	// bulk opens the store for a loader (zhifa gen, sqlstore.Options.Bulk); no flag.
	bulk bool
}

// register adds --data and --db to fs, with defaults from the environment.
func (s *storeFlags) register(fs *flagSet, e *env) {
	fs.StringVar(&s.data, "data", or(e.getenv("ZHIFA_DATA"), defaultData),
		"data `DIR`: the SQLite database DIR/zhifa.db and the personal-data key DIR/keys/pii.key (env ZHIFA_DATA)\n数据目录：SQLite 数据库与个人信息加密密钥")
	fs.StringVar(&s.db, "db", e.getenv("ZHIFA_DB"),
		"PostgreSQL `URL` (postgres://user:pass@host/db); empty means SQLite in --data. The key still lives in --data: back it up, losing it loses the personal data (env ZHIFA_DB)\nPostgreSQL 连接串；密钥仍在数据目录中，务必备份")
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// dsn returns the database to open: the PostgreSQL URL with a connect timeout, or the
// SQLite file in the data directory (which it creates).
func (s *storeFlags) dsn() (string, error) {
	if s.data == "" {
		return "", &usageError{"--data must name a directory"}
	}
	if s.db != "" {
		if !strings.HasPrefix(s.db, "postgres://") && !strings.HasPrefix(s.db, "postgresql://") {
			return "", &usageError{"--db must be a postgres:// URL; SQLite lives in --data"}
		}
		u, err := url.Parse(s.db)
		if err != nil {
			return "", &usageError{"--db is not a valid URL"}
		}
		q := u.Query()
		if q.Get("connect_timeout") == "" {
			q.Set("connect_timeout", fmt.Sprint(pgConnectTimeout))
			u.RawQuery = q.Encode()
		}
		return u.String(), nil
	}
	if err := os.MkdirAll(s.data, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	// A new database file is created private; SQLite gives its -wal and -shm files the
	// same mode.
	path := filepath.Join(s.data, "zhifa.db")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		f.Close()
	case !errors.Is(err, fs.ErrExist):
		return "", fmt.Errorf("create database file: %w", err)
	}
	return path, nil
}

// sqlitePath is the SQLite file in the data directory, "" when using PostgreSQL.
func (s *storeFlags) sqlitePath() string {
	if s.db != "" {
		return ""
	}
	return filepath.Join(s.data, "zhifa.db")
}

// openStore opens and migrates the database. The personal-data key
// comes from ZHIFA_PII_KEY or DIR/keys/pii.key; on first start a new key is generated and
// written only after the database opened and proved to hold no personal data yet, so a
// lost key is never silently replaced.
func openStore(ctx context.Context, e *env, s *storeFlags, log *slog.Logger) (*sqlstore.DB, error) {
	dsn, err := s.dsn()
	if err != nil {
		return nil, err
	}
	key, fresh, err := loadKey(e, s.data)
	if err != nil {
		return nil, err
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{PIIKey: key, Bulk: s.bulk})
	if err != nil {
		return nil, err
	}
	// Reading one officer decrypts its personal data: it proves the key matches, and for
	// a new key that there is no personal data encrypted under another one.
	n, err := officerCount(ctx, db)
	switch {
	case fresh && (err != nil || n > 0):
		db.Close()
		return nil, fmt.Errorf("the personal-data key %s is missing but the database already holds officers' personal data: restore the key from your backup, or set ZHIFA_PII_KEY", keyPath(s.data))
	case err != nil:
		db.Close()
		return nil, fmt.Errorf("cannot read officers' personal data (wrong ZHIFA_PII_KEY or %s?): %w", keyPath(s.data), err)
	}
	if fresh {
		if err := writeKey(s.data, key); err != nil {
			db.Close()
			return nil, err
		}
		log.Warn("generated a new personal-data key; back it up together with the database, losing it loses the encrypted personal data", "path", keyPath(s.data))
	}
	log.Info("database open", "engine", db.Engine(), "data", s.data)
	return db, nil
}

// officerCount counts the officers, reading (and so decrypting) the first one.
func officerCount(ctx context.Context, db *sqlstore.DB) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var total int
	err := db.View(ctx, func(tx zhifa.Tx) error {
		var err error
		_, total, err = tx.Officers(ctx, zhifa.OfficerFilter{Page: zhifa.Page{Limit: 1}})
		return err
	})
	return total, err
}

// keyPath is where the personal-data key is kept.
func keyPath(dataDir string) string { return filepath.Join(dataDir, "keys", "pii.key") }

// loadKey returns the personal-data key: ZHIFA_PII_KEY, else the key file, else a new
// random key (fresh is true; the caller writes it with writeKey once it is safe to).
func loadKey(e *env, dataDir string) (key []byte, fresh bool, err error) {
	if v := strings.TrimSpace(e.getenv("ZHIFA_PII_KEY")); v != "" {
		key, err := decodeKey(v)
		if err != nil {
			return nil, false, fmt.Errorf("ZHIFA_PII_KEY: %w", err)
		}
		return key, false, nil
	}
	path := keyPath(dataDir)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		key, err := decodeKey(string(b))
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
		return key, false, nil
	case errors.Is(err, fs.ErrNotExist):
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, false, fmt.Errorf("generate personal-data key: %w", err)
		}
		return key, true, nil
	default:
		return nil, false, fmt.Errorf("read personal-data key: %w", err)
	}
}

// decodeKey decodes base64 (standard or URL alphabet, padded or not) of 32 bytes.
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != 32 {
				return nil, fmt.Errorf("key must be 32 bytes, got %d", len(b))
			}
			return b, nil
		}
	}
	return nil, errors.New("key must be base64 of 32 bytes")
}

// writeKey stores key in DIR/keys/pii.key (directory 0700, file 0600) with
// writeSecretFile.
func writeKey(dataDir string, key []byte) error {
	err := writeSecretFile(keyPath(dataDir), []byte(base64.StdEncoding.EncodeToString(key)+"\n"))
	if err != nil {
		return fmt.Errorf("write personal-data key: %w", err)
	}
	return nil
}

// writeSecretFile creates path (its directory 0700, the file 0600) holding content:
// written to a temporary file, synced, then linked into place so that an existing file
// is never overwritten, and the directory synced.
func writeSecretFile(path string, content []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(content)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while starting (another zhifa?); start again", path)
		}
		// Filesystems without hard links: rename, which replaces nothing here because
		// the file did not exist a moment ago.
		if err := os.Rename(tmp.Name(), path); err != nil {
			return err
		}
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
